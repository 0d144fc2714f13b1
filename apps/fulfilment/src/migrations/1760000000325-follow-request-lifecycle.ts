import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fulfilment follows the request's lifecycle: a fulfilment held while its request is paused
 * remembers where it returns; `verified` (a verification read before its request) no longer
 * exists, since a request's events now arrive in order.
 */
export class FollowRequestLifecycle1760000000325 implements MigrationInterface {
  name = 'FollowRequestLifecycle1760000000325';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE fulfilment.fulfilments ADD COLUMN held_from text`);
    await runner.query(`UPDATE fulfilment.fulfilments SET status = 'received' WHERE status = 'verified'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE fulfilment.fulfilments DROP COLUMN held_from`);
  }
}
