import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRequests1760000000100 implements MigrationInterface {
  name = 'CreateRequests1760000000100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE intake.requests (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        controller_id text NOT NULL,
        type text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        subject_email text NOT NULL,
        language text NOT NULL,
        received_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        due_rule text NOT NULL,
        tracking_token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE intake.requests');
  }
}
