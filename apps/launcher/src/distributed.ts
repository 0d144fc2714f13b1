import { join, resolve } from 'node:path';
import { seedDemoDatabase } from '@dsar/collector-postgres';
import { ensureDatabase, withDatabase } from './database-setup';
import { DistributedPlatform } from './distributed-platform';
import { startMailCatcher } from './mail-catcher';
import { REPO_ROOT } from './service-entry';
import { loadOrCreateSecrets, writeOpenDsrSigningKey } from './secrets';
import { PlatformLayout, SERVICES } from './services';

interface RunningBroker {
  brokers: string;
  stop(): Promise<void>;
}

// This file runs as CommonJS; the broker script is an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{
  startKafkaBroker(options: { dataDir: string; port?: number; controllerPort?: number }): Promise<RunningBroker>;
}>;

/**
 * Runs the distributed mode locally: a real Kafka broker (KAFKA_BROKERS, or one started
 * from Maven Central's jars), a PostgreSQL server (DATABASE_URL), SMTP (SMTP_URL, or a
 * local mail catcher), and each service in its own process.
 */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.DSAR_DATA_DIR ?? '.data/distributed');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dsar';
  const demoDatabaseUrl = process.env.DEMO_DATABASE_URL ?? withDatabase(databaseUrl, 'dsar_demo');
  await ensureDatabase(databaseUrl);
  await ensureDatabase(demoDatabaseUrl);
  await seedDemoDatabase(demoDatabaseUrl);

  let broker: RunningBroker | undefined;
  if (!process.env.KAFKA_BROKERS) {
    const { startKafkaBroker } = await importModule(join(REPO_ROOT, 'tools/kafka/kafka-broker.mjs'));
    process.stdout.write('starting a local Kafka broker (first run fetches its jars from Maven Central)…\n');
    broker = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), port: 9092, controllerPort: 9093 });
  }
  const kafkaBrokers = process.env.KAFKA_BROKERS ?? broker!.brokers;
  const catcher = process.env.SMTP_URL ? undefined : await startMailCatcher({ port: 2525, dir: join(dataDir, 'mailbox') });
  const smtpUrl = process.env.SMTP_URL ?? catcher!.url;

  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));
  const layout: PlatformLayout = {
    basePort: Number(process.env.DSAR_BASE_PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    databaseUrl,
    demoDatabaseUrl,
    storageDir: process.env.STORAGE_DIR ?? join(dataDir, 'storage'),
    secrets,
    openDsrKeyFile: writeOpenDsrSigningKey(dataDir, secrets),
    logLevel: process.env.LOG_LEVEL ?? 'info',
  };
  const platform = await DistributedPlatform.start({ layout, logDir: join(dataDir, 'logs'), kafkaBrokers, smtpUrl });

  const stop = async () => {
    await platform.stop();
    await catcher?.stop();
    await broker?.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    [
      '',
      'DSAR platform running (distributed mode: one process per service, Kafka, PostgreSQL, SMTP)',
      ...SERVICES.map(
        (service) => `  ${service.padEnd(20)} ${platform.urlOf(service)}   (logs: ${join(dataDir, 'logs', `${service}.log`)})`,
      ),
      `  Kafka                ${kafkaBrokers}`,
      `  SMTP                 ${smtpUrl}${catcher ? `   (caught mail: ${catcher.dir})` : ''}`,
      `  Staff token          ${secrets.staffToken}`,
      `  DPO sign-in          user "dpo", password ${secrets.dpoPassword}   (HTTP Basic, on every service)`,
      'DSAR platform ready',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`distributed platform failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
