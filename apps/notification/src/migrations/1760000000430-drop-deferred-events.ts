import { MigrationInterface, QueryRunner } from 'typeorm';

/** A request's events now arrive in order (one topic per request): none waits for its `received` event any more. */
export class DropDeferredEvents1760000000430 implements MigrationInterface {
  name = 'DropDeferredEvents1760000000430';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notification.deferred_events');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE notification.deferred_events (
        seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        request_id uuid NOT NULL,
        event jsonb NOT NULL,
        deferred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX deferred_events_request ON notification.deferred_events (request_id)');
  }
}
