import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAlerts1760000000510 implements MigrationInterface {
  name = 'CreateAlerts1760000000510';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE backoffice.alerts (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        controller_id text NOT NULL,
        kind text NOT NULL,
        system_ids text[] NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL,
        due_at timestamptz,
        resolved_at timestamptz,
        resolved_by text,
        resolution text
      )`);
    await runner.query('CREATE INDEX alerts_open ON backoffice.alerts (raised_at) WHERE resolved_at IS NULL');
    await runner.query('CREATE INDEX alerts_request ON backoffice.alerts (request_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE backoffice.alerts');
  }
}
