import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every right, requester and subject as distinct records, the full lifecycle with its
 * deadlines and authority, several tracking tokens per request, idempotency keys, and
 * the append-only, hash-chained audit trail.
 */
export class RequestLifecycle1760000000110 implements MigrationInterface {
  name = 'RequestLifecycle1760000000110';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE intake.persons (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        full_name text,
        date_of_birth date,
        country_of_residence text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      ALTER TABLE intake.requests
        ADD COLUMN subject_id uuid REFERENCES intake.persons (id),
        ADD COLUMN requester_id uuid REFERENCES intake.persons (id),
        ADD COLUMN requester_kind text NOT NULL DEFAULT 'subject',
        ADD COLUMN relationship text,
        ADD COLUMN details jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN paused_from text,
        ADD COLUMN pause_cause text,
        ADD COLUMN rejection_reason text,
        ADD COLUMN rejection_explanation text,
        ADD COLUMN regime text NOT NULL DEFAULT 'eu-gdpr',
        ADD COLUMN due_basis text NOT NULL DEFAULT 'GDPR Art. 12(3)',
        ADD COLUMN original_due_at timestamptz,
        ADD COLUMN extension_notice_by timestamptz,
        ADD COLUMN internal_target_at timestamptz,
        ADD COLUMN acknowledge_by timestamptz,
        ADD COLUMN authority jsonb,
        ADD COLUMN letter_key text,
        ADD COLUMN registered_by text`);
    // Earlier rows: the subject becomes a person record of its own, the requester too.
    await runner.query(`
      WITH moved AS (
        INSERT INTO intake.persons (id, email) SELECT id, subject_email FROM intake.requests RETURNING id
      )
      UPDATE intake.requests r SET subject_id = moved.id, requester_id = moved.id FROM moved WHERE moved.id = r.id`);
    await runner.query('ALTER TABLE intake.requests ALTER COLUMN subject_id SET NOT NULL, ALTER COLUMN requester_id SET NOT NULL');
    await runner.query(`UPDATE intake.requests SET status = 'awaiting-verification' WHERE status NOT IN ('in-progress', 'completed')`);

    await runner.query(`
      CREATE TABLE intake.tracking_tokens (
        token_hash text PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES intake.requests (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('INSERT INTO intake.tracking_tokens (token_hash, request_id) SELECT tracking_token_hash, id FROM intake.requests');
    await runner.query('ALTER TABLE intake.requests DROP COLUMN tracking_token_hash');

    // One open request per subject, controller and type: a second submission joins it.
    await runner.query(`
      CREATE UNIQUE INDEX requests_one_open_per_subject ON intake.requests (controller_id, type, subject_email)
      WHERE status NOT IN ('completed', 'rejected', 'cancelled')`);
    await runner.query("CREATE INDEX requests_due ON intake.requests (due_at) WHERE status NOT IN ('completed', 'rejected', 'cancelled')");

    await runner.query(`
      CREATE TABLE intake.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        status int NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);

    await runner.query(`
      CREATE TABLE intake.audit_entries (
        request_id uuid NOT NULL REFERENCES intake.requests (id),
        sequence int NOT NULL,
        at timestamptz NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text,
        reason text,
        details jsonb,
        previous_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (request_id, sequence)
      )`);
    // Append-only, whatever the connection's privileges: rows can be added, never changed.
    await runner.query(`
      CREATE FUNCTION intake.audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON intake.audit_entries
      FOR EACH STATEMENT EXECUTE FUNCTION intake.audit_entries_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE intake.audit_entries');
    await runner.query('DROP FUNCTION intake.audit_entries_append_only()');
    await runner.query('DROP TABLE intake.idempotency_keys');
    await runner.query('DROP INDEX intake.requests_due');
    await runner.query('DROP INDEX intake.requests_one_open_per_subject');
    await runner.query('ALTER TABLE intake.requests ADD COLUMN tracking_token_hash text');
    await runner.query('DROP TABLE intake.tracking_tokens');
    throw new Error('RequestLifecycle1760000000110 cannot be reverted without losing requester records');
  }
}
