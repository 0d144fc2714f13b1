import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages to staff, owners and recipients beside the subject's (one event may owe several,
 * one per kind), HTML parts, the send lease that makes a crash mid-send detectable, and the
 * due dates and reminders the scheduler works from.
 */
export class MailDeliveryAndDeadlines1760000000420 implements MigrationInterface {
  name = 'MailDeliveryAndDeadlines1760000000420';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE notification.outgoing_mail
        ALTER COLUMN request_id DROP NOT NULL,
        ADD COLUMN audience text NOT NULL DEFAULT 'subject',
        ADD COLUMN controller_id text,
        ADD COLUMN language text,
        ADD COLUMN html text,
        ADD COLUMN claimed_until timestamptz`);
    await runner.query('ALTER TABLE notification.outgoing_mail DROP CONSTRAINT outgoing_mail_event_id_key');
    await runner.query('CREATE UNIQUE INDEX outgoing_mail_event_kind ON notification.outgoing_mail (event_id, kind)');
    await runner.query(`CREATE INDEX outgoing_mail_sending ON notification.outgoing_mail (claimed_until) WHERE status = 'sending'`);
    await runner.query(
      `CREATE INDEX outgoing_mail_problems ON notification.outgoing_mail (created_at) WHERE status IN ('failed', 'in-doubt')`,
    );
    await runner.query(`
      CREATE TABLE notification.request_deadlines (
        request_id uuid PRIMARY KEY,
        controller_id text NOT NULL,
        reference text NOT NULL,
        request_type text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE notification.deadline_reminders (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES notification.request_deadlines (request_id) ON DELETE CASCADE,
        kind text NOT NULL,
        days_before int NOT NULL,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        done_at timestamptz,
        outcome text,
        UNIQUE (request_id, kind, days_before, due_at)
      )`);
    await runner.query('CREATE INDEX deadline_reminders_due ON notification.deadline_reminders (fire_at) WHERE done_at IS NULL');
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

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notification.deferred_events');
    await runner.query('DROP TABLE notification.deadline_reminders');
    await runner.query('DROP TABLE notification.request_deadlines');
    await runner.query('DROP INDEX notification.outgoing_mail_problems');
    await runner.query('DROP INDEX notification.outgoing_mail_sending');
    await runner.query('DROP INDEX notification.outgoing_mail_event_kind');
    await runner.query('ALTER TABLE notification.outgoing_mail ADD CONSTRAINT outgoing_mail_event_id_key UNIQUE (event_id)');
    await runner.query(
      'ALTER TABLE notification.outgoing_mail DROP COLUMN audience, DROP COLUMN controller_id, DROP COLUMN language, DROP COLUMN html, DROP COLUMN claimed_until',
    );
  }
}
