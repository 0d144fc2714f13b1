import { seedDemoDatabase } from '@dsar/collector-postgres';
import { DistributedPlatform, MailCatcher, startMailCatcher } from '@dsar/launcher';
import { createTestDatabase, kafkaBrokers, TestDatabase, testS3, uniqueKafkaPrefix } from '@dsar/testing';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envForEveryService, startDistributedPlatform } from '../support/distributed-platform';
import { folderMailbox } from '../support/mailbox';
import { describeOneOwner, LifecyclePlatform, profilesWithLifecycleVariants } from '../support/lifecycle-scenarios';
import { describeEveryRight, RightsPlatform } from '../support/rights-scenarios';

const BASE_PORT = Number(process.env.DSAR_E2E_DISTRIBUTED_PORT ?? 3310);

/**
 * One process per service on Kafka, real PostgreSQL, real SMTP: every right through to the
 * subject's reply; then a decision of intake's that fulfilment follows (a cancellation) and one
 * of fulfilment's that intake makes a transition (a reply refused in review), across Kafka.
 */
describe('distributed mode on Kafka: every right end to end, one owner of each request', () => {
  let database: TestDatabase;
  let demo: TestDatabase;
  let catcher: MailCatcher;
  let platform: DistributedPlatform;
  let context: RightsPlatform;
  let lifecycle: LifecyclePlatform;

  beforeAll(async () => {
    database = await createTestDatabase('rights');
    demo = await createTestDatabase('rights_demo');
    await seedDemoDatabase(demo.url);
    const workDir = await mkdtemp(join(tmpdir(), 'dsar-rights-distributed-'));
    catcher = await startMailCatcher({ port: 0, dir: join(workDir, 'mail') });
    platform = await startDistributedPlatform({
      workDir,
      basePort: BASE_PORT,
      databaseUrl: database.url,
      demoDatabaseUrl: demo.url,
      logLevel: 'warn',
      kafkaBrokers: kafkaBrokers().join(','),
      s3: testS3('rights-distributed'),
      kafkaTopicPrefix: uniqueKafkaPrefix('rights'),
      smtpUrl: catcher.url,
      extraEnv: envForEveryService({ KAFKA_SESSION_TIMEOUT_MS: '10000', PROFILES_DIR: await profilesWithLifecycleVariants() }),
    });
    context = {
      urls: { intake: platform.urlOf('intake'), identity: platform.urlOf('identity') },
      mailbox: folderMailbox(catcher.dir),
      demoDatabaseUrl: demo.url,
    };
    const { staffToken } = JSON.parse(await readFile(join(workDir, 'secrets.json'), 'utf8')) as { staffToken: string };
    lifecycle = { urls: { ...context.urls, fulfilment: platform.urlOf('fulfilment') }, mailbox: context.mailbox, staffToken };
  });

  afterAll(async () => {
    await platform?.stop();
    await catcher?.stop();
    await database?.drop();
    await demo?.drop();
  });

  describeEveryRight(() => context);
  describeOneOwner(() => lifecycle, ['cancelled-in-review', 'reply-rejected-in-review']);
});
