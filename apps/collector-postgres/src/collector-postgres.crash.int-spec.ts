import { createEvent, EventTypes } from '@dsar/contracts';
import { EncryptedFileBlobStore } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedBulkPageViews, seedDemoDatabase } from './demo/seed-demo-database';
import { EventProbe } from '@dsar/collector-sdk';

const REPO_ROOT = resolve(__dirname, '../../..');
const ADA = 'ada@example.org';

/** Finds the temporary file of a blob being written (the store renames it into place when complete). */
async function partialFiles(root: string): Promise<Array<{ path: string; size: number }>> {
  const entries = (await readdir(root, { recursive: true }).catch(() => [])) as string[];
  const partial = entries.filter((e) => e.endsWith('.partial'));
  return Promise.all(partial.map(async (path) => ({ path, size: (await stat(join(root, path)).catch(() => ({ size: 0 }))).size })));
}

describe('collector-postgres killed mid-export (child process, real PostgreSQL, real Kafka)', () => {
  let serviceDb: TestDatabase;
  let sourceDb: TestDatabase;
  let probe: EventProbe;
  let storageDir: string;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;
  let bulkRows: number;

  const startCollector = () =>
    spawn(process.execPath, ['-r', '@swc-node/register', 'apps/collector-postgres/src/main.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: 'ignore',
    });

  beforeAll(async () => {
    [serviceDb, sourceDb] = await Promise.all([createTestDatabase('collector_crash'), createTestDatabase('collector_crash_source')]);
    await seedDemoDatabase(sourceDb.url);
    bulkRows = await seedBulkPageViews(sourceDb.url, ADA, 120 * 1024 * 1024);
    storageDir = await mkdtemp(join(tmpdir(), 'dsar-collector-crash-'));
    const prefix = uniqueKafkaPrefix('collector-crash');
    probe = new EventProbe(kafkaBrokers(), prefix);
    await probe.start([EventTypes.CollectionResultReported]);
    env = {
      ...process.env,
      DATABASE_URL: serviceDb.url,
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'warn',
      PORT: '0',
      STORAGE_DIR: storageDir,
      STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
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

    child = startCollector();
    await probe.publish(task);
    // Kill it while the export is being written: a temporary blob exists and grows.
    await expectEventually(async () => ((await partialFiles(storageDir)).some((f) => f.size > 4 * 1024 * 1024) ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 20,
      what: 'an export in progress',
    });
    child.kill('SIGKILL');
    await new Promise((done) => child!.once('exit', done));
    expect(probe.of(EventTypes.CollectionResultReported)).toEqual([]);

    child = startCollector();
    const result = await expectEventually(
      () => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === task.data.taskId)[0],
      {
        timeoutMs: 150_000,
        what: 'the result after the restart',
      },
    );
    // A later task of the same request (same partition) is consumed after any redelivery of the first.
    const marker = createEvent({
      type: task.type,
      source: task.source,
      subject: requestId,
      controllerId: 'demo',
      data: { ...task.data, taskId: randomUUID(), systemId: 'demo-calls' },
    });
    await probe.publish(marker);
    await expectEventually(() => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === marker.data.taskId)[0], {
      timeoutMs: 60_000,
    });
    expect(probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === task.data.taskId)).toHaveLength(1);

    expect(result.data).toMatchObject({ outcome: 'exported', recordCount: bulkRows + 3 });
    expect(result.data.export!.key).toBe(`exports/${requestId}/demo-analytics/${task.data.taskId}.ndjson`);
    // The referenced blob is complete: its checksum and size are those reported.
    const blobs = new EncryptedFileBlobStore(storageDir, Buffer.from(env.STORAGE_MASTER_KEY!, 'base64'));
    const digest = createHash('sha256');
    let size = 0;
    for await (const chunk of await blobs.get(result.data.export!.key)) {
      digest.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    expect({ sha256: digest.digest('hex'), size }).toEqual({ sha256: result.data.export!.sha256, size: result.data.export!.size });
    // What the killed process left is a temporary file nobody references.
    for (const leftover of await partialFiles(storageDir)) expect(leftover.path).not.toBe(`${result.data.export!.key}.enc`);
  });
});
