import { MigrationInterface, QueryRunner } from 'typeorm';

/** The post-mortem directives registry with its history, and what fulfilment needs to answer for a deceased subject. */
export class PostMortemDirectives1760000000320 implements MigrationInterface {
  name = 'PostMortemDirectives1760000000320';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE fulfilment.post_mortem_directives (
        reference text PRIMARY KEY,
        controller_id text NOT NULL,
        subject_email text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'revoked')),
        version int NOT NULL,
        content jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(
      `CREATE INDEX post_mortem_directives_in_force ON fulfilment.post_mortem_directives (controller_id, subject_email) WHERE status = 'active'`,
    );
    await runner.query(`
      CREATE TABLE fulfilment.post_mortem_directive_history (
        reference text NOT NULL REFERENCES fulfilment.post_mortem_directives (reference),
        version int NOT NULL,
        request_id uuid NOT NULL,
        change text NOT NULL,
        status text NOT NULL,
        content jsonb NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (reference, version)
      )`);
    await runner.query(`
      ALTER TABLE fulfilment.fulfilments
        ADD COLUMN requester_kind text,
        ADD COLUMN post_mortem jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE fulfilment.fulfilments DROP COLUMN post_mortem, DROP COLUMN requester_kind`);
    await runner.query(`DROP TABLE fulfilment.post_mortem_directive_history`);
    await runner.query(`DROP TABLE fulfilment.post_mortem_directives`);
  }
}
