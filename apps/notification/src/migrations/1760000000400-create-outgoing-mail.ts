import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutgoingMail1760000000400 implements MigrationInterface {
  name = 'CreateOutgoingMail1760000000400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE notification.outgoing_mail (
        id uuid PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        request_id uuid NOT NULL,
        kind text NOT NULL,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text,
        status text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await runner.query(`CREATE INDEX outgoing_mail_due ON notification.outgoing_mail (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notification.outgoing_mail');
  }
}
