import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers kept for Idempotency-Key replays held tracking tokens in clear, under keys shared by
 * every client: they are dropped (a retry after the upgrade creates the request anew at worst);
 * from now on rows are keyed by a hash of client and key, and answers are sealed.
 */
export class IdempotencyAnswersSealed1760000000155 implements MigrationInterface {
  name = 'IdempotencyAnswersSealed1760000000155';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM intake.idempotency_keys');
    await runner.query('CREATE INDEX idempotency_keys_created_at ON intake.idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX intake.idempotency_keys_created_at');
  }
}
