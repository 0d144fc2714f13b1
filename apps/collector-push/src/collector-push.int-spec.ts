import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { collectorTestEnvironment } from '@dsar/collector-sdk';
import { createEvent, DsarEvent, EventTypes, topicOf, validateEvent } from '@dsar/contracts';
import { strictValidationPipe } from '@dsar/platform';
import { EncryptedFileBlobStore, readBlobText } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import request from 'supertest';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { loadCollectorPushConfig } from './collector-push.config';
import { CollectorPushModule } from './collector-push.module';

const REPO_ROOT = resolve(__dirname, '../../..');
const EXAMPLE = join(REPO_ROOT, 'libs/collector-sdk/examples/push-collector/push-collector.sh');
const KAFKA_KEY = randomBytes(16).toString('hex');
const LEGACY_KEY = randomBytes(16).toString('hex');

describe('collector-push (real PostgreSQL, real Kafka, kcat as the external system)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let prefix: string;
  let storageDir: string;
  let blobs: EncryptedFileBlobStore;
  let producer: Producer;
  let consumer: Consumer;
  const results: DsarEvent<typeof EventTypes.CollectionResultReported>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('collector_push');
    prefix = uniqueKafkaPrefix('collector-push');
    const collector = await collectorTestEnvironment({
      name: 'push',
      databaseUrl: db.url,
      kafkaBrokers: kafkaBrokers(),
      kafkaTopicPrefix: prefix,
    });
    ({ storageDir, blobs } = collector);
    const config = loadCollectorPushConfig({
      ...collector.env,
      PUSH_SYSTEMS: 'acme-kafka,acme-legacy',
      INTERNAL_API_KEYS: `acme-kafka:${hashToken(KAFKA_KEY)},acme-legacy:${hashToken(LEGACY_KEY)}`,
      PUSH_MAX_EXPORT_BYTES: String(200 * 1024 * 1024),
    });
    app = await NestFactory.create(CollectorPushModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const kafka = new Kafka({ clientId: 'push-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `${prefix}results-probe` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}${topicOf(EventTypes.CollectionResultReported)}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value!.toString());
        if (event.type === EventTypes.CollectionResultReported) results.push(event);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await app?.close();
    await db?.drop();
  });

  const task = (systemId: string, action: 'export' | 'erase' = 'export', email = 'ada@example.org') => {
    const requestId = randomUUID();
    return createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId, action, identities: { email } },
    });
  };
  const publish = (event: DsarEvent) =>
    producer.send({ topic: `${prefix}${topicOf(event.type)}`, messages: [{ key: event.subject, value: JSON.stringify(event) }] });
  const resultOf = (taskId: string, timeoutMs = 30_000) =>
    expectEventually(() => results.find((r) => r.data.taskId === taskId), { timeoutMs });
  const api = () => request(url);
  const openTasks = async (key: string) =>
    (await api().get('/v1/push/tasks').set('x-api-key', key).expect(200)).body.tasks as Array<{ taskId: string }>;

  it('serves an external system that consumes its tasks and publishes its results with kcat (the documented example)', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'acme-')), 'acme.ndjson');
    await writeFile(
      dataFile,
      [
        { email: 'Ada@example.org', category: 'orders', source: 'acme.orders', record: { order: 'A-1', total: '49.00' } },
        { email: 'ada@example.org', category: 'orders', source: 'acme.orders', record: { order: 'A-2', total: '18.00' } },
        { email: 'ada@example.org', category: 'contact', source: 'acme.contacts', record: { phone: '+44 20 7946 0018' } },
        { email: 'alan@example.org', category: 'orders', source: 'acme.orders', record: { order: 'T-1' } },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n',
    );
    const exportTask = task('acme-kafka');
    const eraseTask = task('acme-kafka', 'erase', 'alan@example.org');
    const unknownTask = task('acme-kafka', 'export', 'nobody@example.org');
    const otherSystem = task('acme-legacy');
    for (const event of [exportTask, otherSystem, eraseTask, unknownTask]) await publish(event);
    await expectEventually(async () => ((await openTasks(KAFKA_KEY)).length === 3 ? true : undefined));

    const script = spawn('bash', [EXAMPLE], {
      env: {
        PATH: process.env.PATH,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        SYSTEM_ID: 'acme-kafka',
        PUSH_URL: url,
        PUSH_API_KEY: KAFKA_KEY,
        DATA_FILE: dataFile,
        ONCE: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    script.stderr.on('data', (chunk) => (stderr += chunk));
    const exitCode = await new Promise<number | null>((done) => script.once('exit', done));
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' });

    const exported = await resultOf(exportTask.data.taskId);
    expect(() => validateEvent(exported)).not.toThrow(); // what fulfilment's consumer checks first
    expect(exported.data).toMatchObject({
      outcome: 'exported',
      via: 'push',
      action: 'export',
      recordCount: 3,
      categories: [
        { category: 'orders', records: 2, exported: 2 },
        { category: 'contact', records: 1, exported: 1 },
      ],
    });
    const lines = (await readBlobText(blobs, exported.data.export!.key))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { category: 'orders', source: 'acme.orders', record: { order: 'A-1', total: '49.00' } },
      { category: 'orders', source: 'acme.orders', record: { order: 'A-2', total: '18.00' } },
      { category: 'contact', source: 'acme.contacts', record: { phone: '+44 20 7946 0018' } },
    ]);
    expect((await resultOf(eraseTask.data.taskId)).data).toMatchObject({
      outcome: 'completed',
      categories: [{ category: 'orders', records: 1, erased: 1 }],
    });
    expect((await resultOf(unknownTask.data.taskId)).data).toMatchObject({ outcome: 'no-data', recordCount: 0 });
    expect(results.find((r) => r.data.taskId === otherSystem.data.taskId)).toBeUndefined();
    // collector-push saw the results the system published itself and no longer lists those tasks.
    await expectEventually(async () => ((await openTasks(KAFKA_KEY)).length === 0 ? true : undefined));
  });

  it('takes a large export as a stream over HTTP from a system without Kafka, and publishes its result once', async () => {
    const event = task('acme-legacy');
    await publish(event);
    const { taskId } = event.data;
    await expectEventually(async () => ((await openTasks(LEGACY_KEY)).some((t) => t.taskId === taskId) ? true : undefined));
    expect(await openTasks(KAFKA_KEY)).toEqual([]); // another system's key does not see it
    await api()
      .put(`/v1/push/tasks/${taskId}/export`)
      .set('x-api-key', KAFKA_KEY)
      .set('content-type', 'application/x-ndjson')
      .send('')
      .expect(404);
    await api().get('/v1/push/tasks').expect(401);

    const rows = 40_000; // ~20 MB, sent in chunks
    const line = (i: number) =>
      `${JSON.stringify({ category: 'orders', source: 'legacy.orders', record: { i, note: 'x'.repeat(480) } })}\n`;
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < rows; i += 1000) yield Array.from({ length: 1000 }, (_, j) => line(i + j)).join('');
      })(),
    );
    const upload = await fetch(`${url}/v1/push/tasks/${taskId}/export`, {
      method: 'PUT',
      headers: { 'x-api-key': LEGACY_KEY, 'content-type': 'application/x-ndjson' },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(upload.status).toBe(201);
    const uploaded = (await upload.json()) as { key: string; sha256: string; size: number };
    expect(uploaded).toMatchObject({
      recordCount: rows,
      categories: [{ category: 'orders', records: rows }],
      key: expect.stringContaining(taskId),
    });

    const reported = await api()
      .post(`/v1/push/tasks/${taskId}/result`)
      .set('x-api-key', LEGACY_KEY)
      .send({ outcome: 'exported' })
      .expect(200);
    expect(reported.body).toMatchObject({ status: 'reported', outcome: 'exported' });
    const again = await api()
      .post(`/v1/push/tasks/${taskId}/result`)
      .set('x-api-key', LEGACY_KEY)
      .send({ outcome: 'exported' })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'task-already-reported' });
    const result = await resultOf(taskId);
    expect(result.data).toMatchObject({
      outcome: 'exported',
      via: 'push',
      recordCount: rows,
      export: { key: uploaded.key, sha256: uploaded.sha256, size: uploaded.size },
    });
    expect(results.filter((r) => r.data.taskId === taskId)).toHaveLength(1);
  });

  it('refuses a malformed export with a problem+json naming the line, and keeps no blob of it', async () => {
    const event = task('acme-legacy');
    await publish(event);
    const { taskId } = event.data;
    await expectEventually(async () => ((await openTasks(LEGACY_KEY)).some((t) => t.taskId === taskId) ? true : undefined));
    const bad = await api()
      .put(`/v1/push/tasks/${taskId}/export`)
      .set('x-api-key', LEGACY_KEY)
      .set('content-type', 'application/x-ndjson')
      .send('{"category":"orders","source":"t","record":{}}\n{"category":"orders","source":"t","record":"ada@example.org"}\n')
      .expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ code: 'invalid-export', detail: 'line 2: "record" must be an object' });
    expect(JSON.stringify(bad.body)).not.toContain('ada@example.org');
    const folder = join(storageDir, 'exports', event.data.requestId);
    const files = ((await readdir(folder, { recursive: true }).catch(() => [])) as string[]).filter((f) => /\.(enc|partial)$/.test(f));
    expect(files).toEqual([]);
    await api()
      .put(`/v1/push/tasks/${taskId}/export`)
      .set('x-api-key', LEGACY_KEY)
      .set('content-type', 'application/json')
      .send({})
      .expect(415);
    const early = await api()
      .post(`/v1/push/tasks/${taskId}/result`)
      .set('x-api-key', LEGACY_KEY)
      .send({ outcome: 'exported' })
      .expect(409);
    expect(early.body.code).toBe('export-missing');
    const invalid = await api()
      .post(`/v1/push/tasks/${taskId}/result`)
      .set('x-api-key', LEGACY_KEY)
      .send({ outcome: 'done', extra: 1 })
      .expect(400);
    expect(invalid.body.code).toBe('validation-failed');
  });
});
