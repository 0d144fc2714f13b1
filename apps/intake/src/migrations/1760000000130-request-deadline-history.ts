import { MigrationInterface, QueryRunner } from 'typeorm';

/** The pauses and the extension a request's due date was computed with. */
export class RequestDeadlineHistory1760000000130 implements MigrationInterface {
  name = 'RequestDeadlineHistory1760000000130';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE intake.requests ADD COLUMN pauses jsonb NOT NULL DEFAULT '[]', ADD COLUMN extension jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE intake.requests DROP COLUMN pauses, DROP COLUMN extension');
  }
}
