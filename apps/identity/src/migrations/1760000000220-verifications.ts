import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One verification per request (its plan, its steps, its outcome), ID documents and proofs of
 * authority kept only until some days after the decision, and an append-only log of who viewed
 * or decided what. Codes may be re-sent (throttled) or sent as a magic link. Post-mortem
 * directives are remembered by keyed hashes of the addresses only, to check who they designate.
 */
export class Verifications1760000000220 implements MigrationInterface {
  name = 'Verifications1760000000220';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE identity.verifications (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL UNIQUE,
        controller_id text NOT NULL,
        request_type text NOT NULL,
        requester_kind text NOT NULL,
        contact_email text NOT NULL,
        subject_email text NOT NULL,
        language text NOT NULL,
        steps jsonb NOT NULL,
        completed jsonb NOT NULL DEFAULT '[]',
        authority_proofs jsonb,
        status text NOT NULL,
        review_reason text,
        failure_reason text,
        explanation text,
        session_hash text,
        identifiers jsonb,
        directive_check text,
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX verifications_status_idx ON identity.verifications (status, expires_at)');
    await runner.query(`
      INSERT INTO identity.verifications (id, request_id, controller_id, request_type, requester_kind, contact_email, subject_email,
        language, steps, completed, status, expires_at)
      SELECT id, request_id, controller_id, request_type, 'subject', email, subject_email, language, '["email"]',
        CASE WHEN status = 'verified' THEN '["email"]'::jsonb ELSE '[]'::jsonb END,
        CASE status WHEN 'verified' THEN 'verified' WHEN 'locked' THEN 'failed' ELSE 'pending' END,
        created_at + interval '30 days'
      FROM identity.challenges`);
    await runner.query(`
      ALTER TABLE identity.challenges
        DROP CONSTRAINT challenges_request_id_key,
        ADD COLUMN purpose text NOT NULL DEFAULT 'requester',
        ADD CONSTRAINT challenges_request_purpose_key UNIQUE (request_id, purpose),
        ADD COLUMN method text NOT NULL DEFAULT 'email-code',
        ADD COLUMN resends int NOT NULL DEFAULT 0,
        ADD COLUMN last_sent_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN used_at timestamptz`);
    await runner.query(`
      CREATE TABLE identity.documents (
        id uuid PRIMARY KEY,
        verification_id uuid NOT NULL REFERENCES identity.verifications (id),
        purpose text NOT NULL,
        proof_kind text,
        blob_key text NOT NULL,
        content_type text NOT NULL,
        size int NOT NULL,
        sha256 text NOT NULL,
        uploaded_at timestamptz NOT NULL,
        destroy_after timestamptz,
        destroyed_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX documents_destruction_idx ON identity.documents (destroy_after) WHERE destroyed_at IS NULL AND destroy_after IS NOT NULL',
    );
    await runner.query(`
      CREATE TABLE identity.identifier_matches (
        id uuid PRIMARY KEY,
        verification_id uuid NOT NULL REFERENCES identity.verifications (id),
        system_id text NOT NULL,
        outcome text,
        requested_at timestamptz NOT NULL,
        reported_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE identity.post_mortem_designations (
        request_id uuid PRIMARY KEY,
        controller_id text NOT NULL,
        subject_hash text NOT NULL,
        designated_hash text,
        action text NOT NULL,
        confirmed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX post_mortem_designations_subject_idx ON identity.post_mortem_designations (controller_id, subject_hash)',
    );
    await runner.query(`
      CREATE TABLE identity.verification_log (
        id bigserial PRIMARY KEY,
        verification_id uuid NOT NULL REFERENCES identity.verifications (id),
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        details jsonb
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE identity.verification_log');
    await runner.query('DROP TABLE identity.post_mortem_designations');
    await runner.query('DROP TABLE identity.identifier_matches');
    await runner.query('DROP TABLE identity.documents');
    await runner.query(
      'ALTER TABLE identity.challenges DROP COLUMN method, DROP COLUMN resends, DROP COLUMN last_sent_at, DROP COLUMN used_at',
    );
    await runner.query('DROP TABLE identity.verifications');
  }
}
