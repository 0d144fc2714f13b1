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
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../../..');
const TOKEN = randomBytes(12).toString('hex');
const PAGES = 300;
const PAGE_SIZE = 50; // the example mapping's page size
const FILLER = 'x'.repeat(2_000);

describe('collector-http killed mid-export (child process, real PostgreSQL, real Kafka)', () => {
  let db: TestDatabase;
  let probe: EventProbe;
  let server: Server;
  let storageDir: string;
  let blobs: EncryptedFileBlobStore;
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // A help desk with a long history for the subject, served slowly, page after page.
    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const reply = (body: unknown) =>
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)), 5);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
      if (url.pathname === '/api/v2/contacts') {
        const page = Number(url.searchParams.get('page'));
        const rows =
          page > PAGES
            ? []
            : Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: page * 1000 + i, email: 'ada@example.org', name: FILLER }));
        return reply({ data: rows });
      }
      if (url.pathname === '/api/v2/tickets') return reply({ tickets: [], meta: { next_cursor: null } });
      return reply([]);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    db = await createTestDatabase('collector_http_crash');
    const prefix = uniqueKafkaPrefix('collector-http-crash');
    const collector = await collectorTestEnvironment({
      name: 'http-crash',
      databaseUrl: db.url,
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
      COLLECTOR_MAPPING_FILE: join(REPO_ROOT, 'apps/collector-http/config/example-systems.json'),
      HELPDESK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      HELPDESK_TOKEN: TOKEN,
    };
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await probe?.stop();
    await db?.drop();
    server?.close();
  });

  const startCollector = () => spawnCollector('apps/collector-http/src/main.ts', env);

  it('completes the task once after a restart, publishes exactly one result, and references no partial blob', async () => {
    const requestId = randomUUID();
    const task = createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'helpdesk', action: 'export', identities: { email: 'ada@example.org' } },
    });
    // A later task of the same request (same partition) is consumed after any redelivery of the first.
    const marker = createEvent({
      type: task.type,
      source: task.source,
      subject: requestId,
      controllerId: 'demo',
      data: { ...task.data, taskId: randomUUID(), identities: { email: 'nobody@example.org' } },
    });
    // Killed while the export is being written: a temporary blob exists and grows.
    const { resultsBeforeRestart, result } = await killMidExportAndRestart({
      start: () => (child = startCollector()),
      probe,
      task,
      marker,
      storageDir,
      partialBytes: 1024 * 1024,
      eventually: expectEventually,
    });
    expect(resultsBeforeRestart).toEqual([]);
    expect(probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === task.data.taskId)).toHaveLength(1);
    expect(result.data).toMatchObject({ outcome: 'exported', recordCount: PAGES * PAGE_SIZE });

    expect(await blobDigest(blobs, result.data.export!.key)).toEqual({
      sha256: result.data.export!.sha256,
      size: result.data.export!.size,
    });
    for (const leftover of await partialBlobFiles(storageDir)) expect(leftover.path).not.toBe(`${result.data.export!.key}.enc`);
  });
});
