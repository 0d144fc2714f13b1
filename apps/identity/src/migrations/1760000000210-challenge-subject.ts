import { MigrationInterface, QueryRunner } from 'typeorm';

/** The code goes to the requester's address; the subject's is what collectors search by. */
export class ChallengeSubject1760000000210 implements MigrationInterface {
  name = 'ChallengeSubject1760000000210';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE identity.challenges ADD COLUMN subject_email text, ADD COLUMN request_type text NOT NULL DEFAULT 'access'`,
    );
    await runner.query('UPDATE identity.challenges SET subject_email = email');
    await runner.query('ALTER TABLE identity.challenges ALTER COLUMN subject_email SET NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE identity.challenges DROP COLUMN subject_email, DROP COLUMN request_type');
  }
}
