import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks a collector has carried out, by task id: a task delivered twice (even as two
 * events) acts once. Written in the transaction that publishes the task's result.
 */
export class CollectorTasks1760000000500 implements MigrationInterface {
  name = 'CollectorTasks1760000000500';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`
      CREATE TABLE "${schema}".collector_tasks (
        task_id uuid PRIMARY KEY,
        request_id uuid NOT NULL,
        system_id text NOT NULL,
        action text NOT NULL,
        outcome text,
        record_count integer,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`DROP TABLE "${schema}".collector_tasks`);
  }
}
