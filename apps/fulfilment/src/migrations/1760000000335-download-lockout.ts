import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrong download codes are counted per link, across every code sent: after too many the link locks
 * for a while (each lock longer), and new codes come at growing intervals.
 */
export class DownloadLockout1760000000335 implements MigrationInterface {
  name = 'DownloadLockout1760000000335';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE fulfilment.downloads
        ADD COLUMN failed_attempts int NOT NULL DEFAULT 0,
        ADD COLUMN locks int NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN codes_sent int NOT NULL DEFAULT 0,
        ADD COLUMN code_sent_at timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE fulfilment.downloads DROP COLUMN failed_attempts, DROP COLUMN locks, DROP COLUMN locked_until, DROP COLUMN codes_sent, DROP COLUMN code_sent_at',
    );
  }
}
