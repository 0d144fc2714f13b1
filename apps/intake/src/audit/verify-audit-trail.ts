import 'reflect-metadata';
import { createServiceDataSource } from '@dsar/persistence';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditTrail } from './audit-trail';

/**
 * `npm run audit:verify`: checks every request's hash-chained audit trail in the intake
 * schema of DATABASE_URL. Prints each broken chain and exits 1 when any is broken.
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is required (the database holding the intake schema)\n');
    return 2;
  }
  const dataSource = createServiceDataSource({ url, schema: 'intake', entities: [AuditEntryEntity], migrations: [] });
  await dataSource.initialize();
  try {
    const summary = await new AuditTrail().verifyAll(dataSource, ({ requestId, verdict }) => {
      if (!verdict.valid) process.stdout.write(`BROKEN ${requestId}: entry ${verdict.brokenAt}: ${verdict.problem}\n`);
    });
    process.stdout.write(`${summary.requests} request trails checked, ${summary.broken} broken\n`);
    return summary.broken === 0 ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit verification failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
