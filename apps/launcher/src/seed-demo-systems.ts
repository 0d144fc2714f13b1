import { seedDemoDatabase } from '@dsar/collector-postgres';

/**
 * Seeds the demo internal systems into DEMO_DATABASE_URL, for a distributed deployment
 * (the `demo-seed` job of docker/ and k8s/). Idempotent: re-seeding replaces the demo rows.
 */
async function main(): Promise<void> {
  const url = process.env.DEMO_DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\/\S+$/.test(url)) {
    process.stderr.write('DEMO_DATABASE_URL must be a postgres:// connection URL\n');
    process.exit(78);
  }
  await seedDemoDatabase(url);
  process.stdout.write('demo systems seeded\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`seeding the demo systems failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
