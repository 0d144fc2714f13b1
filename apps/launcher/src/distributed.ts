import { join, resolve } from 'node:path';
import { seedDemoDatabase } from '@dsar/collector-postgres';
import { ensureDatabase, withDatabase } from './database-setup';
import { DistributedPlatform } from './distributed-platform';
import { startMailCatcher } from './mail-catcher';
import { REPO_ROOT } from './service-entry';
import { loadOrCreateSecrets, writeOpenDsrSigningKey } from './secrets';
import { PlatformLayout, S3Layout, SERVICES } from './services';

interface RunningBroker {
  brokers: string;
  stop(): Promise<void>;
}

interface RunningS3Proxy {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

// This file runs as CommonJS; the tool scripts are ES modules.
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

/** The bucket of S3_BUCKET (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), else a local S3Proxy's. */
async function blobBucket(dataDir: string): Promise<{ s3: S3Layout; server?: RunningS3Proxy }> {
  const env = process.env;
  if (env.S3_BUCKET) {
    const s3 = {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION ?? 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    };
    return { s3: env.S3_ENDPOINT ? { ...s3, endpoint: env.S3_ENDPOINT } : s3 };
  }
  const { startS3Proxy } = await importModule<{ startS3Proxy(options: { dataDir: string; port: number }): Promise<RunningS3Proxy> }>(
    join(REPO_ROOT, 'tools/s3proxy/s3proxy.mjs'),
  );
  process.stdout.write('starting a local S3 API server, S3Proxy (first run fetches its jars from Maven Central)…\n');
  const server = await startS3Proxy({ dataDir: join(dataDir, 's3proxy'), port: 9000 });
  const { endpoint, accessKeyId, secretAccessKey } = server;
  return { s3: { endpoint, bucket: 'dsar-blobs', region: 'us-east-1', accessKeyId, secretAccessKey }, server };
}

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
    const { startKafkaBroker } = await importModule<{
      startKafkaBroker(options: { dataDir: string; port?: number; controllerPort?: number }): Promise<RunningBroker>;
    }>(join(REPO_ROOT, 'tools/kafka/kafka-broker.mjs'));
    process.stdout.write('starting a local Kafka broker (first run fetches its jars from Maven Central)…\n');
    broker = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), port: 9092, controllerPort: 9093 });
  }
  const kafkaBrokers = process.env.KAFKA_BROKERS ?? broker!.brokers;
  const catcher = process.env.SMTP_URL ? undefined : await startMailCatcher({ port: 2525, dir: join(dataDir, 'mailbox') });
  const smtpUrl = process.env.SMTP_URL ?? catcher!.url;
  const blobs = await blobBucket(dataDir);

  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));
  const layout: PlatformLayout = {
    basePort: Number(process.env.DSAR_BASE_PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    databaseUrl,
    demoDatabaseUrl,
    storageDir: join(dataDir, 'storage'),
    s3: blobs.s3,
    secrets,
    openDsrKeyFile: writeOpenDsrSigningKey(dataDir, secrets),
    logLevel: process.env.LOG_LEVEL ?? 'info',
  };
  const platform = await DistributedPlatform.start({ layout, logDir: join(dataDir, 'logs'), kafkaBrokers, smtpUrl });

  const stop = async () => {
    await platform.stop();
    await catcher?.stop();
    await blobs.server?.stop();
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
