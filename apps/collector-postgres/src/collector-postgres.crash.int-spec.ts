import {
  blobDigest,
  collectorTestEnvironment,
  EventProbe,
  killMidExportAndRestart,
  partialBlobFiles,
  spawnCollector,
} from '@dsar/collector-sdk';
import { createEvent, EventTypes } from '@dsar/contracts';
import { EncryptedFileBlobStore } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { seedBulkPageViews, seedDemoDatabase } from './demo/seed-demo-database';

const REPO_ROOT = resolve(__dirname, '../../..');
const ADA = 'ada@example.org';

describe('collector-postgres killed mid-export (child process, real PostgreSQL, real Kafka)', () => {
  let serviceDb: TestDatabase;
  let sourceDb: TestDatabase;
  let probe: EventProbe;
  let storageDir: string;
  let blobs: EncryptedFileBlobStore;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let bulkRows: number;

  const startCollector = () => spawnCollector('apps/collector-postgres/src/main.ts', env);

  beforeAll(async () => {
    [serviceDb, sourceDb] = await Promise.all([createTestDatabase('collector_crash'), createTestDatabase('collector_crash_source')]);
    await seedDemoDatabase(sourceDb.url);
    bulkRows = await seedBulkPageViews(sourceDb.url, ADA, 120 * 1024 * 1024);
    const prefix = uniqueKafkaPrefix('collector-crash');
    const collector = await collectorTestEnvironment({
      name: 'collector-crash',
      databaseUrl: serviceDb.url,
      kafkaBrokers: kafkaBrokers(),
      kafkaTopicPrefix: prefix,
    });
    ({ storageDir, blobs } = collector);
    probe = new EventProbe(kafkaBrokers(), prefix);
    await probe.start([EventTypes.CollectionResultReported]);
    env = {
      ...process.env,
      ...collector.env,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
      PORT: '0',
      SOURCE_DATABASE_URL: sourceDb.url,
      COLLECTOR_MAPPING_FILE: join(REPO_ROOT, 'apps/collector-postgres/config/demo-systems.json'),
      PROFILES_DIR: join(REPO_ROOT, 'config/controllers'),
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await probe?.stop();
    await Promise.all([serviceDb?.drop(), sourceDb?.drop()]);
  });

  it('completes the task once after a restart, publishes exactly one result, and references no partial blob', async () => {
    const requestId = randomUUID();
    const task = createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'demo-analytics', action: 'export', identities: { email: ADA } },
    });

    // A later task of the same request (same partition) is consumed after any redelivery of the first.
    const marker = createEvent({
      type: task.type,
      source: task.source,
      subject: requestId,
      controllerId: 'demo',
      data: { ...task.data, taskId: randomUUID(), systemId: 'demo-calls' },
    });
    // Killed while the export is being written: a temporary blob exists and grows.
    const { resultsBeforeRestart, result } = await killMidExportAndRestart({
      start: () => (child = startCollector()),
      probe,
      task,
      marker,
      storageDir,
      partialBytes: 4 * 1024 * 1024,
      eventually: expectEventually,
    });
    expect(resultsBeforeRestart).toEqual([]);
    expect(probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === task.data.taskId)).toHaveLength(1);

    expect(result.data).toMatchObject({ outcome: 'exported', recordCount: bulkRows + 3 });
    expect(result.data.export!.key).toBe(`exports/${requestId}/demo-analytics/${task.data.taskId}.ndjson`);
    // The referenced blob is complete: its checksum and size are those reported.
    expect(await blobDigest(blobs, result.data.export!.key)).toEqual({
      sha256: result.data.export!.sha256,
      size: result.data.export!.size,
    });
    // What the killed process left is a temporary file nobody references.
    for (const leftover of await partialBlobFiles(storageDir)) expect(leftover.path).not.toBe(`${result.data.export!.key}.enc`);
  });
});
