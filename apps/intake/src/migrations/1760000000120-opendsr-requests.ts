import { MigrationInterface, QueryRunner } from 'typeorm';

/** Requests received through OpenDSR: the controller's id for them, and where to call back. */
export class OpenDsrRequests1760000000120 implements MigrationInterface {
  name = 'OpenDsrRequests1760000000120';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE intake.opendsr_requests (
        controller_id text NOT NULL,
        subject_request_id uuid NOT NULL,
        request_id uuid NOT NULL REFERENCES intake.requests (id),
        fingerprint text NOT NULL,
        callback_urls jsonb NOT NULL,
        api_version text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (controller_id, subject_request_id)
      )`);
    await runner.query('CREATE INDEX opendsr_requests_request ON intake.opendsr_requests (request_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE intake.opendsr_requests');
  }
}
