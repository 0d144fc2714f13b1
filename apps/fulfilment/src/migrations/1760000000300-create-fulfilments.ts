import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFulfilments1760000000300 implements MigrationInterface {
  name = 'CreateFulfilments1760000000300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE fulfilment.fulfilments (
        request_id uuid PRIMARY KEY,
        controller_id text NOT NULL,
        email text NOT NULL,
        language text NOT NULL,
        status text NOT NULL,
        package_key text,
        package_sha256 text,
        package_size bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE fulfilment.collection_tasks (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES fulfilment.fulfilments (request_id),
        system_id text NOT NULL,
        status text NOT NULL,
        export_key text,
        record_count int NOT NULL DEFAULT 0,
        UNIQUE (request_id, system_id)
      )`);
    await runner.query(`
      CREATE TABLE fulfilment.downloads (
        token_hash text PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES fulfilment.fulfilments (request_id),
        expires_at timestamptz NOT NULL,
        count int NOT NULL DEFAULT 0,
        max_count int NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE fulfilment.downloads');
    await runner.query('DROP TABLE fulfilment.collection_tasks');
    await runner.query('DROP TABLE fulfilment.fulfilments');
  }
}
