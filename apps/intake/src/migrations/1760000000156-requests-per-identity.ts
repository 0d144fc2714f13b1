import { MigrationInterface, QueryRunner } from 'typeorm';

/** The per-identity limit counts an address's requests of the last hour. */
export class RequestsPerIdentity1760000000156 implements MigrationInterface {
  name = 'RequestsPerIdentity1760000000156';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX requests_subject_received ON intake.requests (subject_email, received_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX intake.requests_subject_received');
  }
}
