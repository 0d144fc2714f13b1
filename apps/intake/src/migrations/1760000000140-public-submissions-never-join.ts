import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A public submission about an address with an open request no longer joins it: joining
 * answered with the open request's reference, status and due date (and a tracking token for
 * it), which told anyone whether that address had a request. One open request per subject,
 * controller and type still holds for the trusted channels (staff registration, OpenDSR).
 */
export class PublicSubmissionsNeverJoin1760000000140 implements MigrationInterface {
  name = 'PublicSubmissionsNeverJoin1760000000140';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX intake.requests_one_open_per_subject');
    await runner.query(`
      CREATE UNIQUE INDEX requests_one_open_per_subject ON intake.requests (controller_id, type, subject_email)
      WHERE status NOT IN ('completed', 'rejected', 'cancelled') AND channel <> 'api'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX intake.requests_one_open_per_subject');
    await runner.query(`
      CREATE UNIQUE INDEX requests_one_open_per_subject ON intake.requests (controller_id, type, subject_email)
      WHERE status NOT IN ('completed', 'rejected', 'cancelled')`);
  }
}
