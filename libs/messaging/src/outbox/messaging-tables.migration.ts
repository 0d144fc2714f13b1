import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and inbox tables every service keeps in its own schema. Listed first in
 * each service's migrations; the schema comes from the data source it runs on.
 */
export class MessagingTables1760000000000 implements MigrationInterface {
  name = 'MessagingTables1760000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`
      CREATE TABLE "${schema}".outbox (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        key text NOT NULL,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".inbox (
        consumer text NOT NULL,
        event_id text NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = (runner.connection.options as { schema: string }).schema;
    await runner.query(`DROP TABLE "${schema}".inbox`);
    await runner.query(`DROP TABLE "${schema}".outbox`);
  }
}
