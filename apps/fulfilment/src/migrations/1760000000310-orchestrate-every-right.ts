import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every right, not only access: the request as received, the plan, review, delivery with a code, shredding, audit. */
export class OrchestrateEveryRight1760000000310 implements MigrationInterface {
  name = 'OrchestrateEveryRight1760000000310';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE fulfilment.fulfilments
        ADD COLUMN reference text,
        ADD COLUMN request_type text NOT NULL DEFAULT 'access',
        ADD COLUMN subject_email text,
        ADD COLUMN due_at timestamptz,
        ADD COLUMN details jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN authority jsonb,
        ADD COLUMN kind text NOT NULL DEFAULT 'access',
        ADD COLUMN respond_by timestamptz,
        ADD COLUMN review_required boolean NOT NULL DEFAULT false,
        ADD COLUMN review jsonb,
        ADD COLUMN wrapped_key bytea,
        ADD COLUMN package_version int NOT NULL DEFAULT 0,
        ADD COLUMN delivered_at timestamptz,
        ADD COLUMN destroy_after timestamptz,
        ADD COLUMN shredded_at timestamptz,
        ADD COLUMN timeout_alerted_at timestamptz,
        ADD COLUMN deadline_alerted_at timestamptz,
        ADD COLUMN recipients_informed jsonb,
        ADD COLUMN transmission jsonb,
        ALTER COLUMN email DROP NOT NULL`);
    await runner.query(
      `CREATE INDEX fulfilments_open ON fulfilment.fulfilments (status, due_at) WHERE status IN ('collecting', 'awaiting-review')`,
    );
    await runner.query(`CREATE INDEX fulfilments_to_destroy ON fulfilment.fulfilments (destroy_after) WHERE shredded_at IS NULL`);
    await runner.query(`
      ALTER TABLE fulfilment.collection_tasks
        ADD COLUMN action text NOT NULL DEFAULT 'export',
        ADD COLUMN data_categories jsonb,
        ADD COLUMN respond_by timestamptz,
        ADD COLUMN categories jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN reported_at timestamptz,
        ADD COLUMN late boolean NOT NULL DEFAULT false,
        ADD COLUMN error text`);
    await runner.query(`CREATE INDEX collection_tasks_waiting ON fulfilment.collection_tasks (respond_by) WHERE status = 'requested'`);
    await runner.query(`
      ALTER TABLE fulfilment.downloads
        ADD COLUMN package_version int NOT NULL DEFAULT 1,
        ADD COLUMN code_hash text,
        ADD COLUMN code_expires_at timestamptz,
        ADD COLUMN code_attempts int NOT NULL DEFAULT 0,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await runner.query(`
      CREATE TABLE fulfilment.download_log (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL,
        at timestamptz NOT NULL,
        outcome text NOT NULL
      )`);
    await runner.query(`CREATE INDEX download_log_request ON fulfilment.download_log (request_id, at)`);
    await runner.query(`
      CREATE TABLE fulfilment.audit_entries (
        request_id uuid NOT NULL,
        sequence int NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        action text NOT NULL,
        reason text,
        details jsonb,
        previous_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (request_id, sequence)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE fulfilment.audit_entries');
    await runner.query('DROP TABLE fulfilment.download_log');
    await runner.query(
      'ALTER TABLE fulfilment.downloads DROP COLUMN package_version, DROP COLUMN code_hash, DROP COLUMN code_expires_at, DROP COLUMN code_attempts, DROP COLUMN created_at',
    );
    await runner.query('DROP INDEX fulfilment.collection_tasks_waiting');
    await runner.query(
      'ALTER TABLE fulfilment.collection_tasks DROP COLUMN action, DROP COLUMN data_categories, DROP COLUMN respond_by, DROP COLUMN categories, DROP COLUMN reported_at, DROP COLUMN late, DROP COLUMN error',
    );
    await runner.query('DROP INDEX fulfilment.fulfilments_to_destroy');
    await runner.query('DROP INDEX fulfilment.fulfilments_open');
    await runner.query(`
      ALTER TABLE fulfilment.fulfilments
        DROP COLUMN reference, DROP COLUMN request_type, DROP COLUMN subject_email, DROP COLUMN due_at, DROP COLUMN details,
        DROP COLUMN authority, DROP COLUMN kind, DROP COLUMN respond_by, DROP COLUMN review_required, DROP COLUMN review,
        DROP COLUMN wrapped_key, DROP COLUMN package_version, DROP COLUMN delivered_at, DROP COLUMN destroy_after,
        DROP COLUMN shredded_at, DROP COLUMN timeout_alerted_at, DROP COLUMN deadline_alerted_at, DROP COLUMN recipients_informed,
        DROP COLUMN transmission`);
  }
}
