import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks carried out outside the platform (systems that push their own exports, people who do
 * it by hand): what was asked, the export uploaded so far, and whether the result is in.
 */
export class ExternalTasks1760000000510 implements MigrationInterface {
  name = 'ExternalTasks1760000000510';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`
      CREATE TABLE "${schema}".external_tasks (
        task_id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        system_id text NOT NULL,
        action text NOT NULL,
        controller_id text NOT NULL,
        correlation_id text NOT NULL,
        task jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported')),
        export jsonb,
        outcome text,
        reported_by text,
        received_at timestamptz NOT NULL DEFAULT now(),
        reported_at timestamptz
      )`);
    await runner.query(`CREATE INDEX external_tasks_open ON "${schema}".external_tasks (system_id, received_at) WHERE status = 'open'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`DROP TABLE "${schema}".external_tasks`);
  }
}
