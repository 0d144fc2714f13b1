import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRequestViews1760000000500 implements MigrationInterface {
  name = 'CreateRequestViews1760000000500';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE backoffice.request_views (
        request_id uuid PRIMARY KEY,
        controller_id text NOT NULL,
        reference text NOT NULL,
        type text NOT NULL,
        status text NOT NULL,
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        due_rule text NOT NULL,
        verified_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX request_views_due ON backoffice.request_views (due_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE backoffice.request_views');
  }
}
