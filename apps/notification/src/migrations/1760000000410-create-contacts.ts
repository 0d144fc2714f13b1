import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where and how to write to each request's requester: the address, language, and the authority to name. */
export class CreateContacts1760000000410 implements MigrationInterface {
  name = 'CreateContacts1760000000410';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE notification.contacts (
        request_id uuid PRIMARY KEY,
        reference text NOT NULL,
        recipient text NOT NULL,
        language text NOT NULL,
        request_type text NOT NULL,
        authority jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE notification.contacts');
  }
}
