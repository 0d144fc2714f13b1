import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChallenges1760000000200 implements MigrationInterface {
  name = 'CreateChallenges1760000000200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE identity.challenges (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL UNIQUE,
        controller_id text NOT NULL,
        email text NOT NULL,
        language text NOT NULL,
        code_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        max_attempts int NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE identity.challenges');
  }
}
