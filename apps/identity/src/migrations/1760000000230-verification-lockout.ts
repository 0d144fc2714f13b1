import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrong codes are counted per verification, across every code sent: after too many the
 * verification locks for a while (each lock longer) instead of failing, so that whoever burns
 * someone's attempts cannot get their request rejected.
 */
export class VerificationLockout1760000000230 implements MigrationInterface {
  name = 'VerificationLockout1760000000230';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE identity.verifications
        ADD COLUMN failed_attempts int NOT NULL DEFAULT 0,
        ADD COLUMN locks int NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE identity.verifications DROP COLUMN failed_attempts, DROP COLUMN locks, DROP COLUMN locked_until');
  }
}
