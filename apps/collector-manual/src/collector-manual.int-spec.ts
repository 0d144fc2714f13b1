import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { collectorTestEnvironment, EventProbe } from '@dsar/collector-sdk';
import { createEvent, EventTypes } from '@dsar/contracts';
import { strictValidationPipe } from '@dsar/platform';
import { EncryptedFileBlobStore, readBlobText } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { loadCollectorManualConfig } from './collector-manual.config';
import { CollectorManualModule } from './collector-manual.module';

const REPO_ROOT = resolve(__dirname, '../../..');
const staffToken = randomBytes(16).toString('hex');

describe('collector-manual (real PostgreSQL, real Kafka)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let probe: EventProbe;
  let blobs: EncryptedFileBlobStore;

  beforeAll(async () => {
    db = await createTestDatabase('collector_manual');
    // The demo profile, with billing answered by its owner and call recordings by the DPO (no owner).
    const profilesDir = await mkdtemp(join(tmpdir(), 'dsar-manual-profiles-'));
    const demo = (await readFile(join(REPO_ROOT, 'config/controllers/demo.yaml'), 'utf8'))
      .replace('name: Demo billing\n    kind: database', 'name: Demo billing\n    kind: manual')
      .replace('name: Demo call recordings\n    kind: database', 'name: Demo call recordings\n    kind: manual');
    await writeFile(join(profilesDir, 'demo.yaml'), demo);
    const prefix = uniqueKafkaPrefix('collector-manual');
    const collector = await collectorTestEnvironment({
      name: 'manual',
      databaseUrl: db.url,
      kafkaBrokers: kafkaBrokers(),
      kafkaTopicPrefix: prefix,
    });
    blobs = collector.blobs;
    probe = new EventProbe(kafkaBrokers(), prefix);
    await probe.start([EventTypes.CollectionResultReported, EventTypes.CollectionTaskAssigned]);
    const config = loadCollectorManualConfig({
      ...collector.env,
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      PROFILES_DIR: profilesDir,
    });
    app = await NestFactory.create(CollectorManualModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await probe?.stop();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const staff = { authorization: `Bearer ${staffToken}` };
  const task = (systemId: string, action: 'export' | 'erase' = 'export') => {
    const requestId = randomUUID();
    return createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: {
        requestId,
        taskId: randomUUID(),
        systemId,
        action,
        identities: { email: 'ada@example.org' },
        respondBy: '2026-12-01T00:00:00.000Z',
      },
    });
  };
  const assignmentOf = (taskId: string) =>
    expectEventually(() => probe.of(EventTypes.CollectionTaskAssigned, (e) => e.data.taskId === taskId)[0], { what: 'the assignment' });
  const resultOf = (taskId: string) =>
    expectEventually(() => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === taskId)[0], { what: 'the result' });

  it("assigns a manual system's task to its owner once, and lets the owner upload the export", async () => {
    const event = task('demo-billing');
    await probe.publish(event, event);
    const assigned = await assignmentOf(event.data.taskId);
    expect(assigned.data).toEqual({
      requestId: event.data.requestId,
      taskId: event.data.taskId,
      systemId: 'demo-billing',
      action: 'export',
      ownerEmail: 'billing-owner@demo.example.org',
      respondBy: '2026-12-01T00:00:00.000Z',
      language: 'en',
    });

    await api().get('/v1/manual/tasks').expect(401);
    const open = await api().get('/v1/manual/tasks?systemId=demo-billing').set(staff).expect(200);
    expect(open.body.tasks).toEqual([
      expect.objectContaining({
        taskId: event.data.taskId,
        status: 'open',
        task: expect.objectContaining({ identities: { email: 'ada@example.org' } }),
      }),
    ]);

    const upload = await api()
      .put(`/v1/manual/tasks/${event.data.taskId}/export`)
      .set(staff)
      .set('content-type', 'application/x-ndjson')
      .send('{"category":"invoices","source":"ledger.xlsx","record":{"invoice":"F-2024-0042"}}\n')
      .expect(201);
    expect(upload.body).toMatchObject({ recordCount: 1, categories: [{ category: 'invoices', records: 1 }] });
    await api().post(`/v1/manual/tasks/${event.data.taskId}/result`).set(staff).send({ outcome: 'exported' }).expect(200);
    await api().post(`/v1/manual/tasks/${event.data.taskId}/result`).set(staff).send({ outcome: 'exported' }).expect(409);

    const result = await resultOf(event.data.taskId);
    expect(result.data).toMatchObject({
      outcome: 'exported',
      via: 'manual',
      recordCount: 1,
      categories: [{ category: 'invoices', records: 1, exported: 1 }],
    });
    expect(await readBlobText(blobs, result.data.export!.key)).toBe(
      '{"category":"invoices","source":"ledger.xlsx","record":{"invoice":"F-2024-0042"}}\n',
    );
    expect(probe.of(EventTypes.CollectionTaskAssigned, (e) => e.data.taskId === event.data.taskId)).toHaveLength(1);
    expect(probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === event.data.taskId)).toHaveLength(1);
  });

  it('takes the confirmation of an erasure, with what was kept, on which basis and until when', async () => {
    const event = task('demo-calls', 'erase');
    await probe.publish(event);
    expect((await assignmentOf(event.data.taskId)).data.ownerEmail).toBe('dpo@demo.example.org'); // no owner: the DPO
    const bad = await api()
      .post(`/v1/manual/tasks/${event.data.taskId}/result`)
      .set(staff)
      .send({
        outcome: 'completed',
        categories: [{ category: 'call-recordings', records: 1, kept: [{ records: 1, basis: 'x', until: 'soon' }] }],
      })
      .expect(400);
    expect(bad.body).toMatchObject({
      code: 'validation-failed',
      errors: [{ field: 'categories.0.kept.0.until', message: 'until must be a date (YYYY-MM-DD)' }],
    });
    const categories = [
      {
        category: 'call-recordings',
        records: 2,
        erased: 1,
        kept: [{ records: 1, basis: 'Code civil art. 2224', reason: 'Dispute in progress', until: '2031-01-31' }],
      },
    ];
    await api().post(`/v1/manual/tasks/${event.data.taskId}/result`).set(staff).send({ outcome: 'completed', categories }).expect(200);
    expect((await resultOf(event.data.taskId)).data).toMatchObject({
      outcome: 'completed',
      action: 'erase',
      via: 'manual',
      recordCount: 2,
      categories,
    });
    await api()
      .put(`/v1/manual/tasks/${event.data.taskId}/export`)
      .set(staff)
      .set('content-type', 'application/x-ndjson')
      .send('')
      .expect(409);
  });

  it('leaves the tasks of integrated systems to their collectors', async () => {
    const integrated = task('demo-crm');
    const next = task('demo-billing');
    // Same request, so the same partition: the manual task is consumed after the integrated one.
    const manual = createEvent({
      type: next.type,
      source: next.source,
      subject: integrated.subject,
      controllerId: 'demo',
      data: { ...next.data, requestId: integrated.data.requestId },
    });
    await probe.publish(integrated, manual);
    await assignmentOf(manual.data.taskId);
    expect(probe.of(EventTypes.CollectionTaskAssigned, (e) => e.data.taskId === integrated.data.taskId)).toEqual([]);
    await api().get(`/v1/manual/tasks/${integrated.data.taskId}`).set(staff).expect(404);
  });
});
