import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken, sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { ContractRequestStatus, createEvent, DsarEvent, EventType, EventTypes, topicsOf } from '@dsar/contracts';
import { KafkaTransport } from '@dsar/messaging';
import { BLOB_STORE, secureHeaders, strictValidationPipe } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import {
  asMessage,
  createTestDatabase,
  expectEventually,
  kafkaBrokers,
  recordingLogger,
  TestDatabase,
  uniqueKafkaPrefix,
  unzip,
} from '@dsar/testing';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { FulfilmentConfig, loadFulfilmentConfig } from './fulfilment.config';
import { FulfilmentModule } from './fulfilment.module';
import { FulfilmentSweeper } from './orchestration/fulfilment-sweeper';
import { PackageManifest } from './packages/package-manifest';

const REPO_ROOT = resolve(__dirname, '../../..');
const staffToken = randomBytes(16).toString('hex');
const DAY = 86_400_000;
const retry = { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 50 };
const OBSERVED: EventType[] = [
  EventTypes.CollectionTaskRequested,
  EventTypes.FulfilmentReplyReady,
  EventTypes.FulfilmentReplyRejected,
  EventTypes.FulfilmentPackageReady,
  EventTypes.FulfilmentAttentionRequired,
  EventTypes.RecipientNotificationRequested,
  EventTypes.FulfilmentDownloadCodeIssued,
];

/**
 * Fulfilment against real PostgreSQL and the shared Kafka broker. The collectors' side is
 * played by the test: it answers the tasks fulfilment publishes with CollectionResultReported
 * events (NDJSON exports in the real blob store), as the collectors do. So is intake's, which
 * owns the request's lifecycle: the request is received, verified, put in progress, and
 * completed when fulfilment reports its reply ready (unless a test decides otherwise).
 */
describe('fulfilment (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let bus: KafkaTransport;
  let sql: Client;
  let blobs: BlobStore;
  const seen: DsarEvent[] = [];
  /** What the test, as intake, knows of each request. */
  const requests = new Map<
    string,
    { reference: string; requestType: string; dueAt: string; controllerId: string; status: ContractRequestStatus }
  >();
  /** Requests whose completion the test decides itself, instead of completing them when their reply is ready. */
  const completedByTest = new Set<string>();
  const subjectSecretKey = randomBytes(32).toString('base64');
  // The link and the code, opened as notification opens them: the events carry them sealed.
  const sealer = new SubjectSecretSealer(subjectSecretKey);
  const linkOf = (ready: DsarEvent<typeof EventTypes.FulfilmentPackageReady>) =>
    sealer.open(ready.data.sealedDownloadUrl, sealingContext(ready.type, ready.data.requestId));
  const codeOf = (issued: DsarEvent<typeof EventTypes.FulfilmentDownloadCodeIssued>) =>
    sealer.open(issued.data.sealedCode, sealingContext(issued.type, issued.data.requestId));

  beforeAll(async () => {
    db = await createTestDatabase('fulfilment');
    const prefix = uniqueKafkaPrefix('fulfilment');
    // The demo profile reduced to its CRM and marketing systems, and a twin whose DPO reviews access replies.
    const profilesDir = await mkdtemp(join(tmpdir(), 'dsar-fulfilment-profiles-'));
    const demo = parse(await readFile(join(REPO_ROOT, 'config/controllers/demo.yaml'), 'utf8'));
    const kept = ['demo-crm', 'demo-marketing'];
    demo.systems = demo.systems.filter((s: { id: string }) => kept.includes(s.id));
    demo.systemsMap = Object.fromEntries(
      Object.entries(demo.systemsMap as Record<string, string[]>).filter(([, ids]) => ids.every((id) => kept.includes(id))),
    );
    await writeFile(join(profilesDir, 'demo.yaml'), stringify(demo));
    const reviewed = structuredClone(demo);
    reviewed.id = 'demo-reviewed';
    reviewed.fulfilment.reviewBefore = ['access'];
    reviewed.fees = { extraCopies: { charged: true, basis: 'Art. 15(3)', amount: { value: 10, currency: 'EUR' } } };
    await writeFile(join(profilesDir, 'demo-reviewed.yaml'), stringify(reviewed));

    const config = loadFulfilmentConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      STORAGE_DIR: await mkdtemp(join(tmpdir(), 'dsar-fulfilment-')),
      STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
      SUBJECT_SECRET_KEY: subjectSecretKey,
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      PROFILES_DIR: profilesDir,
      PUBLIC_BASE_URL: 'http://fulfilment.test',
      SWEEP_INTERVAL_MS: '3600000',
      PORTABILITY_ALLOW_HTTP: 'true',
      EVENT_MAX_ATTEMPTS: '20',
    });
    app = await NestFactory.create(FulfilmentModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    secureHeaders(app);
    await app.init();
    blobs = app.get(BLOB_STORE);
    bus = new KafkaTransport({
      brokers: kafkaBrokers(),
      clientId: 'fulfilment-test',
      prefix,
      partitions: 3,
      replicationFactor: 1,
      log: recordingLogger(),
    });
    await bus.start();
    await bus.subscribe({
      group: 'observer',
      topics: topicsOf(OBSERVED),
      retry,
      handle: async (event) => {
        if (!OBSERVED.includes(event.type)) return;
        seen.push(event);
        if (event.type === EventTypes.FulfilmentReplyReady && !completedByTest.has(event.subject)) {
          await changeStatus(event.subject, 'completed', 'complete');
        }
      },
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await bus?.stop();
    await app?.close();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  const staff = { authorization: `Bearer ${staffToken}` };

  async function publish(type: EventType, requestId: string, data: unknown, controllerId = 'demo'): Promise<void> {
    await bus.publish([asMessage(createEvent({ type, source: 'dsar/test', subject: requestId, controllerId, data: data as never }))]);
  }

  /** Intake's part: a status change of a request, with its due date in force. */
  async function changeStatus(
    requestId: string,
    toStatus: ContractRequestStatus,
    action: string,
    extra: { dueAt?: string; reason?: string; explanation?: string } = {},
  ): Promise<void> {
    const known = requests.get(requestId)!;
    const fromStatus = known.status;
    known.status = toStatus;
    known.dueAt = extra.dueAt ?? known.dueAt;
    await publish(
      EventTypes.RequestStatusChanged,
      requestId,
      {
        requestId,
        reference: known.reference,
        requestType: known.requestType,
        fromStatus,
        toStatus,
        action,
        ...(extra.reason ? { reason: extra.reason } : {}),
        ...(extra.explanation ? { explanation: extra.explanation } : {}),
        changedAt: new Date().toISOString(),
        dueAt: known.dueAt,
        dueRule: 'eu-gdpr-art-12-3',
        actorKind: 'staff',
      },
      known.controllerId,
    );
  }

  function eventsOf<T extends EventType>(type: T, requestId: string): DsarEvent<T>[] {
    return seen.filter((e) => e.type === type && e.subject === requestId) as DsarEvent<T>[];
  }

  async function awaitEvents<T extends EventType>(type: T, requestId: string, count = 1): Promise<DsarEvent<T>[]> {
    return expectEventually(() => (eventsOf(type, requestId).length >= count ? eventsOf(type, requestId) : undefined), {
      timeoutMs: 60_000,
      what: `${count} ${type} for ${requestId}`,
    });
  }

  /** Intake's and identity's part: the request is received, verified, then put in progress. */
  async function verifiedRequest(
    requestType: string,
    details: Record<string, unknown>,
    options: {
      controllerId?: string;
      dueInDays?: number;
      language?: string;
      completedByTest?: boolean;
      /** Someone acting for the subject, at their own address. */
      requester?: { kind: 'heir' | 'designated-person'; email: string };
      subjectEmail?: string;
    } = {},
  ): Promise<{ requestId: string; reference: string; tasks: DsarEvent<typeof EventTypes.CollectionTaskRequested>[] }> {
    const requestId = randomUUID();
    const reference = `DSAR-${randomBytes(2).toString('hex').toUpperCase()}-TEST`;
    const controllerId = options.controllerId ?? 'demo';
    const subjectEmail = options.subjectEmail ?? 'ada@example.org';
    const contactEmail = options.requester?.email ?? subjectEmail;
    const dueAt = new Date(Date.now() + (options.dueInDays ?? 30) * DAY).toISOString();
    requests.set(requestId, { reference, requestType, dueAt, controllerId, status: 'awaiting-verification' });
    if (options.completedByTest) completedByTest.add(requestId);
    const receive = () =>
      publish(
        EventTypes.RequestReceived,
        requestId,
        {
          requestId,
          reference,
          requestType,
          channel: 'web',
          receivedAt: new Date().toISOString(),
          dueAt,
          dueRule: 'eu-gdpr-art-12-3',
          requesterKind: options.requester?.kind ?? 'subject',
          contactEmail,
          subjectEmail,
          language: options.language ?? 'en',
          authority: {
            name: 'Commission nationale de l’informatique et des libertés (CNIL)',
            country: 'FR',
            website: 'https://www.cnil.fr/',
          },
          details,
        },
        controllerId,
      );
    const verify = () =>
      publish(
        EventTypes.VerificationSucceeded,
        requestId,
        {
          requestId,
          challengeId: randomUUID(),
          method: 'email-code',
          verifiedAt: new Date().toISOString(),
          identities: { email: subjectEmail },
          contactEmail,
          requestType,
          language: options.language ?? 'en',
        },
        controllerId,
      );
    await receive();
    await verify();
    await changeStatus(requestId, 'verified', 'verify');
    await changeStatus(requestId, 'in-progress', 'start-fulfilment');
    return { requestId, reference, tasks: [] };
  }

  async function tasksOf(requestId: string, count: number) {
    const tasks = await awaitEvents(EventTypes.CollectionTaskRequested, requestId, count);
    return new Map(tasks.map((t) => [t.data.systemId, t.data]));
  }

  async function report(
    task: DsarEvent<typeof EventTypes.CollectionTaskRequested>['data'],
    result: { outcome: 'exported' | 'completed' | 'no-data' | 'failed'; lines?: object[]; categories?: unknown[] },
    controllerId = 'demo',
  ): Promise<void> {
    let exported: { key: string; sha256: string; size: number } | undefined;
    if (result.lines) {
      const key = `exports/${task.requestId}/${task.systemId}/${task.taskId}.ndjson`;
      exported = await blobs.put(key, Readable.from([result.lines.map((l) => JSON.stringify(l)).join('\n') + '\n']));
    }
    await publish(
      EventTypes.CollectionResultReported,
      task.requestId,
      {
        requestId: task.requestId,
        taskId: task.taskId,
        systemId: task.systemId,
        outcome: result.outcome,
        action: task.action,
        via: 'collector',
        recordCount: result.lines?.length ?? 0,
        ...(exported ? { export: exported } : {}),
        ...(result.categories ? { categories: result.categories } : {}),
      },
      controllerId,
    );
  }

  const crmLines = [
    {
      category: 'identity',
      source: 'crm.customers',
      record: { id: 1, email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' },
    },
    { category: 'orders', source: 'crm.orders', record: { id: 11, product: 'English course, 20 lessons' } },
    { category: 'orders', source: 'crm.orders', record: { id: 12, product: 'Business English workshop', gift_for: 'Charles Babbage' } },
  ];
  const marketingLines = [{ category: 'marketing-consents', source: 'marketing.subscriptions', record: { list: 'newsletter' } }];

  /** An access request whose CRM has exported while the marketing system has not answered yet. */
  async function accessWithMarketingSilent() {
    const { requestId } = await verifiedRequest('access', { scope: 'all' });
    const tasks = await tasksOf(requestId, 2);
    await report(tasks.get('demo-crm')!, { outcome: 'exported', lines: crmLines });
    await expectEventually(async () =>
      (await sql.query(`SELECT 1 FROM fulfilment.collection_tasks WHERE request_id = $1 AND status = 'exported'`, [requestId])).rowCount
        ? true
        : undefined,
    );
    return { requestId, tasks };
  }

  async function downloadWithCode(
    requestId: string,
    link: string,
  ): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
    const path = new URL(link).pathname;
    const before = eventsOf(EventTypes.FulfilmentDownloadCodeIssued, requestId).length;
    await api().post(`${path}/code`).expect(202);
    const codes = await awaitEvents(EventTypes.FulfilmentDownloadCodeIssued, requestId, before + 1);
    const response = await api()
      .get(path)
      .set('x-download-code', codeOf(codes.at(-1)!))
      .buffer(true)
      .parse(binary);
    return { status: response.status, body: response.body as Buffer, headers: response.headers as Record<string, string> };
  }

  async function status(requestId: string): Promise<string> {
    return (await sql.query(`SELECT status FROM fulfilment.fulfilments WHERE request_id = $1`, [requestId])).rows[0]?.status;
  }

  it('answers an access request from every system of the profile, as a ZIP opened with a one-time code', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' });
    const tasks = await tasksOf(requestId, 2);
    expect([...tasks.keys()].sort()).toEqual(['demo-crm', 'demo-marketing']);
    expect(tasks.get('demo-crm')).toMatchObject({
      action: 'export',
      dataCategories: ['identity', 'contact', 'orders'],
      requestType: 'access',
    });
    expect(tasks.get('demo-marketing')).toMatchObject({ action: 'export', dataCategories: ['marketing-consents'] });
    const respondBy = new Date(tasks.get('demo-crm')!.respondBy!).getTime();
    expect(respondBy).toBeGreaterThan(Date.now());
    expect(respondBy).toBeLessThanOrEqual(Date.now() + 23 * DAY); // never past the due date less the margin

    await report(tasks.get('demo-crm')!, {
      outcome: 'exported',
      lines: crmLines,
      categories: [
        { category: 'identity', records: 1 },
        { category: 'orders', records: 2 },
      ],
    });
    await report(tasks.get('demo-marketing')!, { outcome: 'exported', lines: marketingLines });
    const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    expect(ready.data).toMatchObject({ kind: 'access', requestType: 'access', recipient: 'ada@example.org' });

    // The link alone opens nothing.
    const path = new URL(linkOf(ready)).pathname;
    const bare = await api().get(path).expect(401);
    expect(bare.body.code).toBe('download-code-required');
    await api().get(path).set('x-download-code', '000000').expect(401);
    await api().post(`${path}/code`).expect(202);
    const flood = await api().post(`${path}/code`).expect(429);
    expect(flood.body.code).toBe('download-code-recently-sent');
    // The first code's event is in before a second code is asked for, so the download below uses the second.
    await awaitEvents(EventTypes.FulfilmentDownloadCodeIssued, requestId, 1);
    await sql.query(`UPDATE fulfilment.downloads SET code_sent_at = code_sent_at - interval '2 minutes' WHERE request_id = $1`, [
      requestId,
    ]);

    const download = await downloadWithCode(requestId, linkOf(ready));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="dsar-/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers.digest).toBe(`sha-256=${createHash('sha256').update(download.body).digest('base64')}`);
    const entries = await unzip(download.body);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as PackageManifest;
    expect(manifest).toMatchObject({ requestId, kind: 'access', partial: false });
    for (const file of manifest.files) expect(createHash('sha256').update(entries.get(file.path)!).digest('hex')).toBe(file.sha256);
    const crm = JSON.parse(entries.get('systems/demo-crm/data.json')!.toString());
    expect(crm.records).toEqual(crmLines);
    expect(entries.get('report.html')!.toString()).toContain('Demo Hosting SAS (hosting provider)');

    // A code works once; the stored package is encrypted with the request key.
    const stored = await readFile(join(app.get(FulfilmentConfig).STORAGE_DIR, `packages/${requestId}/package-v1.zip.enc`));
    expect(stored.includes(Buffer.from('Lovelace'))).toBe(false);
    const log = await sql.query(`SELECT outcome FROM fulfilment.download_log WHERE request_id = $1 ORDER BY id`, [requestId]);
    expect(log.rows.map((r) => r.outcome)).toEqual(['code-rejected', 'code-issued', 'code-issued', 'downloaded']);
  });
  it('carries out an erasure on every system, says what was kept and why, and tells the recipients (Art. 19)', async () => {
    const { requestId } = await verifiedRequest('erasure', { scope: 'all', ground: 'consent-withdrawn' }, { language: 'fr' });
    const tasks = await tasksOf(requestId, 2);
    expect([...tasks.values()].map((t) => t.action)).toEqual(['erase', 'erase']);
    await report(tasks.get('demo-crm')!, {
      outcome: 'completed',
      categories: [
        { category: 'identity', records: 1, anonymised: 1 },
        { category: 'contact', records: 1, erased: 1 },
        {
          category: 'orders',
          records: 2,
          kept: [{ records: 2, basis: 'Code de commerce art. L123-22', reason: 'accounting', until: '2036-12-31' }],
        },
      ],
    });
    await report(tasks.get('demo-marketing')!, {
      outcome: 'completed',
      categories: [{ category: 'marketing-consents', records: 1, erased: 1 }],
    });
    const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    expect(ready.data).toMatchObject({ kind: 'action-report', requestType: 'erasure' });
    const [notice] = await awaitEvents(EventTypes.RecipientNotificationRequested, requestId);
    expect(notice.data).toMatchObject({
      recipientId: 'demo-hosting',
      recipientEmail: 'privacy@demo-hosting.example.org',
      action: 'erasure',
    });

    const download = await downloadWithCode(requestId, linkOf(ready));
    const entries = await unzip(download.body);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as PackageManifest;
    expect(manifest.systems.find((x) => x.systemId === 'demo-crm')!.categories).toContainEqual(
      expect.objectContaining({
        category: 'orders',
        kept: [expect.objectContaining({ basis: 'Code de commerce art. L123-22', until: '2036-12-31' })],
      }),
    );
    const html = entries.get('report.html')!.toString();
    expect(html).toContain('Suite donnée à votre demande');
    expect(html).toContain('Conservé: 2 — motif: Code de commerce art. L123-22 (accounting) — jusqu&#x27;au 2036-12-31');
    expect(html).toContain('Destinataires informés (RGPD art. 19)');
    expect(html).toContain('Demo Hosting SAS (hébergeur)');
  });

  it('asks only for what the subject provided, for portability, and each right its own action', async () => {
    const { requestId } = await verifiedRequest('portability', { formats: ['json', 'csv'] });
    const tasks = await tasksOf(requestId, 2);
    expect(tasks.get('demo-crm')).toMatchObject({ action: 'export', exportScope: 'provided-by-subject' });
    const rectification = await verifiedRequest('rectification', { items: [{ data: 'contact', correctedValue: 'ada@lovelace.example' }] });
    const [rectify] = await awaitEvents(EventTypes.CollectionTaskRequested, rectification.requestId);
    expect(rectify.data).toMatchObject({
      systemId: 'demo-crm',
      action: 'rectify',
      dataCategories: ['contact'],
      rectifications: [{ field: 'contact', value: 'ada@lovelace.example' }],
    });
    const withdrawal = await verifiedRequest('consent-withdrawal', { purposes: ['newsletter'] });
    const withdrawn = await tasksOf(withdrawal.requestId, 2);
    expect(withdrawn.get('demo-marketing')).toMatchObject({
      action: 'withdraw-consent',
      purposes: ['newsletter'],
      dataCategories: ['marketing-consents'],
    });
  });

  it('puts a silent system to the DPO at its timeout, merges its late result, and sends what the DPO approved, redacted', async () => {
    const { requestId, tasks } = await accessWithMarketingSilent();
    const sweeper = app.get(FulfilmentSweeper);
    const respondBy = new Date(tasks.get('demo-marketing')!.respondBy!);
    await sweeper.collectionTimeouts(new Date(respondBy.getTime() - 1000));
    expect(await status(requestId)).toBe('collecting');
    await sweeper.collectionTimeouts(new Date(respondBy.getTime() + 1000));
    const [attention] = await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    expect(attention.data).toMatchObject({ reason: 'collection-timeout', systemIds: ['demo-marketing'] });
    expect(await status(requestId)).toBe('awaiting-review');

    // The draft shows what is there, flagged partial; the late result then joins it.
    const draft = await api().get(`/v1/staff/fulfilments/${requestId}/draft`).set(staff).buffer(true).parse(binary).expect(200);
    const partial = JSON.parse((await unzip(draft.body)).get('manifest.json')!.toString()) as PackageManifest;
    expect(partial.partial).toBe(true);
    expect(partial.systems.find((x) => x.systemId === 'demo-marketing')!.outcome).toBe('pending');
    await report(tasks.get('demo-marketing')!, { outcome: 'exported', lines: marketingLines });
    await expectEventually(async () =>
      (
        await sql.query(
          `SELECT late FROM fulfilment.collection_tasks WHERE request_id = $1 AND system_id = 'demo-marketing' AND status = 'exported'`,
          [requestId],
        )
      ).rows[0]?.late
        ? true
        : undefined,
    );

    // Record 2 of the CRM is about someone else: left out; the last name of record 0 masked.
    await api()
      .post(`/v1/staff/fulfilments/${requestId}/approve`)
      .set(staff)
      .send({
        redactions: [
          { systemId: 'demo-crm', recordIndex: 2 },
          { systemId: 'demo-crm', recordIndex: 0, fields: ['last_name'] },
        ],
      })
      .expect(201);
    const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    const entries = await unzip((await downloadWithCode(requestId, linkOf(ready))).body);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as PackageManifest;
    expect(manifest.partial).toBe(false);
    expect(JSON.parse(entries.get('systems/demo-marketing/data.json')!.toString()).records).toEqual(marketingLines);
    const all = [...entries.values()].map((b) => b.toString('latin1')).join('');
    expect(all).not.toContain('Babbage');
    expect(all).not.toContain('Lovelace');

    const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
    expect(summary.body.audit.valid).toBe(true);
    expect(summary.body.audit.entries.map((e: { action: string }) => e.action)).toEqual([
      'submitted-for-review',
      'draft-viewed',
      'reply-approved',
      'package-stored',
      'package-delivered',
    ]);
    await api().post(`/v1/staff/fulfilments/${requestId}/approve`).set(staff).send({}).expect(409);
  });

  it('waits for the DPO where the profile wants a review; a rejection carries a reason code and is audited', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' }, { controllerId: 'demo-reviewed' });
    const tasks = await tasksOf(requestId, 2);
    for (const task of tasks.values()) await report(task, { outcome: 'no-data' }, 'demo-reviewed');
    const [attention] = await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    expect(attention.data.reason).toBe('review-required');
    await api().post(`/v1/staff/fulfilments/${requestId}/reject`).set(staff).send({ reasonCode: 'because' }).expect(400);
    await api()
      .post(`/v1/staff/fulfilments/${requestId}/reject`)
      .set(staff)
      .send({ reasonCode: 'manifestly-unfounded', explanation: 'Fifth identical request this month.' })
      .expect(201);
    expect(await status(requestId)).toBe('rejected');
    const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
    expect(summary.body.review).toMatchObject({ decision: 'rejected', reasonCode: 'manifestly-unfounded' });
    expect(summary.body.audit.entries.at(-1)).toMatchObject({ action: 'reply-rejected', reason: 'manifestly-unfounded' });
    // Intake rejects the request with the lifecycle's reason and the DPO's words.
    const [rejected] = await awaitEvents(EventTypes.FulfilmentReplyRejected, requestId);
    expect(rejected.data).toMatchObject({ reason: 'manifestly-unfounded', explanation: 'Fifth identical request this month.' });
    expect(eventsOf(EventTypes.FulfilmentReplyReady, requestId)).toHaveLength(0);
    expect(eventsOf(EventTypes.FulfilmentPackageReady, requestId)).toHaveLength(0);
    await api().get(`/v1/staff/fulfilments/${requestId}`).expect(401);
  });

  async function taskStatuses(requestId: string): Promise<Record<string, { status: string; respondBy: Date }>> {
    const { rows } = await sql.query(`SELECT system_id, status, respond_by FROM fulfilment.collection_tasks WHERE request_id = $1`, [
      requestId,
    ]);
    return Object.fromEntries(rows.map((r) => [r.system_id, { status: r.status, respondBy: r.respond_by }]));
  }

  it.each(['cancelled', 'rejected'] as const)(
    'stops when intake closes the request as %s mid-collection: tasks cancelled, a late result changes nothing, nothing delivered',
    async (outcome) => {
      const { requestId, tasks } = await accessWithMarketingSilent();
      await changeStatus(requestId, outcome, outcome === 'cancelled' ? 'cancel' : 'reject', { reason: 'manifestly-unfounded' });
      await expectEventually(async () => ((await status(requestId)) === outcome ? true : undefined), { what: `fulfilment ${outcome}` });
      expect(await taskStatuses(requestId)).toMatchObject({
        'demo-crm': { status: 'exported' },
        'demo-marketing': { status: 'cancelled' },
      });

      await report(tasks.get('demo-marketing')!, { outcome: 'exported', lines: marketingLines });
      await app.get(FulfilmentSweeper).collectionTimeouts(new Date(new Date(tasks.get('demo-marketing')!.respondBy!).getTime() + 1000));
      const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
      expect(summary.body.audit.entries.map((e: { action: string; reason: string }) => [e.action, e.reason])).toEqual([
        ['fulfilment-stopped', outcome],
      ]);
      expect(await status(requestId)).toBe(outcome);
      expect(eventsOf(EventTypes.FulfilmentReplyReady, requestId)).toHaveLength(0);
      expect(eventsOf(EventTypes.FulfilmentPackageReady, requestId)).toHaveLength(0);
      expect(eventsOf(EventTypes.FulfilmentAttentionRequired, requestId)).toHaveLength(0);
      expect((await sql.query(`SELECT 1 FROM fulfilment.downloads WHERE request_id = $1`, [requestId])).rowCount).toBe(0);
    },
  );

  it('refuses to approve, with a clear 409, a reply whose request intake cancelled while it waited for review', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' }, { controllerId: 'demo-reviewed' });
    const tasks = await tasksOf(requestId, 2);
    for (const task of tasks.values()) await report(task, { outcome: 'exported', lines: marketingLines }, 'demo-reviewed');
    await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    await changeStatus(requestId, 'cancelled', 'cancel', { reason: 'cancelled-by-requester' });
    await expectEventually(async () => ((await status(requestId)) === 'cancelled' ? true : undefined));

    const refused = await api().post(`/v1/staff/fulfilments/${requestId}/approve`).set(staff).send({}).expect(409);
    expect(refused.body).toMatchObject({ code: 'request-cancelled', detail: expect.stringContaining('cancelled') });
    await api().post(`/v1/staff/fulfilments/${requestId}/reject`).set(staff).send({ reasonCode: 'excessive' }).expect(409);
    expect(eventsOf(EventTypes.FulfilmentReplyReady, requestId)).toHaveLength(0);
    expect(eventsOf(EventTypes.FulfilmentPackageReady, requestId)).toHaveLength(0);
  });

  it('holds while the request is paused (no timeout alert), and moves its timeouts with the due date: a pause, then an extension', async () => {
    const { requestId, tasks } = await accessWithMarketingSilent();
    const first = new Date(tasks.get('demo-marketing')!.respondBy!);
    await changeStatus(requestId, 'paused', 'pause');
    await expectEventually(async () => ((await status(requestId)) === 'held' ? true : undefined), { what: 'the fulfilment held' });
    const sweeper = app.get(FulfilmentSweeper);
    await sweeper.collectionTimeouts(new Date(first.getTime() + 1000));
    await sweeper.deadlinesAtRisk(new Date(Date.now() + 40 * DAY));
    expect((await taskStatuses(requestId))['demo-marketing'].status).toBe('requested');
    const alerted = await sql.query(`SELECT deadline_alerted_at FROM fulfilment.fulfilments WHERE request_id = $1`, [requestId]);
    expect(alerted.rows[0].deadline_alerted_at).toBeNull();

    // Resumed after five days that the regime does not count: the due date, and the timeout, move by five days.
    const resumedDue = new Date(new Date(requests.get(requestId)!.dueAt).getTime() + 5 * DAY);
    await changeStatus(requestId, 'in-progress', 'resume', { dueAt: resumedDue.toISOString() });
    await expectEventually(async () => ((await status(requestId)) === 'collecting' ? true : undefined), { what: 'the fulfilment resumed' });
    expect((await taskStatuses(requestId))['demo-marketing'].respondBy).toEqual(new Date(first.getTime() + 5 * DAY));

    // Extended by two months: the timeout follows.
    const extendedDue = new Date(resumedDue.getTime() + 60 * DAY);
    await changeStatus(requestId, 'in-progress', 'extend', { dueAt: extendedDue.toISOString() });
    const extended = new Date(first.getTime() + 65 * DAY);
    await expectEventually(async () =>
      (await taskStatuses(requestId))['demo-marketing'].respondBy.getTime() === extended.getTime() ? true : undefined,
    );
    const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
    expect(new Date(summary.body.dueAt)).toEqual(extendedDue);
    await sweeper.collectionTimeouts(new Date(first.getTime() + 6 * DAY));
    expect((await taskStatuses(requestId))['demo-marketing'].status).toBe('requested');
    await sweeper.collectionTimeouts(new Date(extended.getTime() + 1000));
    expect((await taskStatuses(requestId))['demo-marketing'].status).toBe('pending');
    const [attention] = await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    expect(attention.data).toMatchObject({ reason: 'collection-timeout', dueAt: extendedDue.toISOString() });
  });

  it('opens the download only once intake has completed the request, and reports a ready reply again after a pause', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' }, { completedByTest: true });
    const tasks = await tasksOf(requestId, 2);
    for (const task of tasks.values()) await report(task, { outcome: 'exported', lines: marketingLines });
    const [ready] = await awaitEvents(EventTypes.FulfilmentReplyReady, requestId);
    expect(ready.data).toMatchObject({ requestId, packageVersion: 1 });
    expect(await status(requestId)).toBe('reply-ready');
    expect((await sql.query(`SELECT 1 FROM fulfilment.downloads WHERE request_id = $1`, [requestId])).rowCount).toBe(0);

    // Intake paused the request before it read the ready reply: fulfilment tells it again on resumption.
    await changeStatus(requestId, 'paused', 'pause');
    await expectEventually(async () => ((await status(requestId)) === 'held' ? true : undefined));
    await changeStatus(requestId, 'in-progress', 'resume');
    await awaitEvents(EventTypes.FulfilmentReplyReady, requestId, 2);
    expect(eventsOf(EventTypes.FulfilmentPackageReady, requestId)).toHaveLength(0);

    await changeStatus(requestId, 'completed', 'complete');
    const [delivered] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    expect((await downloadWithCode(requestId, linkOf(delivered))).status).toBe(200);
    expect(await status(requestId)).toBe('completed');
  });

  it('puts a request to the DPO before its due date while an extension can still be decided', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' }, { dueInDays: 10 });
    await tasksOf(requestId, 2);
    const sweeper = app.get(FulfilmentSweeper);
    await sweeper.deadlinesAtRisk(new Date(Date.now() + 2 * DAY));
    expect(eventsOf(EventTypes.FulfilmentAttentionRequired, requestId)).toHaveLength(0);
    await sweeper.deadlinesAtRisk(new Date(Date.now() + 3.5 * DAY));
    const [attention] = await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    expect(attention.data.reason).toBe('deadline-at-risk');
    await sweeper.deadlinesAtRisk(new Date(Date.now() + 4 * DAY));
    expect(
      (await sql.query(`SELECT deadline_alerted_at FROM fulfilment.fulfilments WHERE request_id = $1`, [requestId])).rows[0]
        .deadline_alerted_at,
    ).not.toBeNull();
  });

  it('limits downloads, and destroys the package by shredding its key after the retention period', async () => {
    const { requestId } = await verifiedRequest('access', { scope: 'all' });
    const tasks = await tasksOf(requestId, 2);
    for (const task of tasks.values()) await report(task, { outcome: 'exported', lines: marketingLines });
    const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    for (let i = 0; i < 3; i++) expect((await downloadWithCode(requestId, linkOf(ready))).status).toBe(200);
    const limited = await api()
      .post(`${new URL(linkOf(ready)).pathname}/code`)
      .expect(410);
    expect(limited.body).toMatchObject({ code: 'download-limit-reached', detail: expect.stringContaining('A further copy is free') });

    // A further copy, on a new link, at the fee the profile sets (free on the demo), audited.
    const copy = await api().post(`/v1/staff/fulfilments/${requestId}/copies`).set(staff).expect(201);
    expect(copy.body.fee).toEqual({ charged: false });
    const [, again] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId, 2);
    expect((await downloadWithCode(requestId, linkOf(again))).status).toBe(200);
    const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
    expect(summary.body.audit.entries.map((e: { action: string }) => e.action)).toContain('extra-copy-issued');

    const storageDir = app.get(FulfilmentConfig).STORAGE_DIR;
    const sweeper = app.get(FulfilmentSweeper);
    expect(await sweeper.destroyExpiredPackages(new Date(Date.now() + 29 * DAY))).toBe(0);
    expect(await blobs.exists(`packages/${requestId}/package-v1.zip`)).toBe(true);
    await sweeper.destroyExpiredPackages(new Date(Date.now() + 31 * DAY));
    const row = (await sql.query(`SELECT wrapped_key, shredded_at FROM fulfilment.fulfilments WHERE request_id = $1`, [requestId])).rows[0];
    expect(row.wrapped_key).toBeNull();
    expect(row.shredded_at).not.toBeNull();
    expect(await blobs.exists(`packages/${requestId}/package-v1.zip`)).toBe(false);
    for (const task of tasks.values()) {
      expect(await blobs.exists(`exports/${requestId}/${task.systemId}/${task.taskId}.ndjson`)).toBe(false);
    }
    await expect(readFile(join(storageDir, `packages/${requestId}/package-v1.zip.enc`))).rejects.toThrow();
    const gone = await api()
      .get(new URL(linkOf(ready)).pathname)
      .set('x-download-code', '123456')
      .expect(410);
    expect(gone.body.code).toBe('package-destroyed');
  });
  it('sends a portable package straight to the controller the subject named (Art. 20(2)), retrying until it takes it', async () => {
    const received: { headers: Record<string, unknown>; body: Buffer }[] = [];
    let refuseFirst = true;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (refuseFirst) {
          refuseFirst = false;
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/imports`;
    try {
      const { requestId } = await verifiedRequest('portability', {
        formats: ['json'],
        transmitTo: { controllerName: 'Next Co', endpoint },
      });
      const tasks = await tasksOf(requestId, 2);
      for (const task of tasks.values()) await report(task, { outcome: 'exported', lines: marketingLines });
      await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
      const sweeper = app.get(FulfilmentSweeper);
      expect((await sweeper.sweep(new Date())).transmissions).toBe(1);
      expect(received).toHaveLength(0);
      expect((await sweeper.sweep(new Date(Date.now() + 30_000))).transmissions).toBe(0); // backing off
      expect((await sweeper.sweep(new Date(Date.now() + 61_000))).transmissions).toBe(1);
      expect(received).toHaveLength(1);
      expect(received[0].headers['content-type']).toBe('application/zip');
      const manifest = JSON.parse((await unzip(received[0].body)).get('manifest.json')!.toString()) as PackageManifest;
      expect(manifest).toMatchObject({ requestId, kind: 'portability' });
      const summary = await api().get(`/v1/staff/fulfilments/${requestId}`).set(staff).expect(200);
      expect(summary.body.transmission).toMatchObject({ status: 'transmitted', attempts: 2, controllerName: 'Next Co' });
      expect(summary.body.audit.entries.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['transmission-failed', 'transmitted-to-controller']),
      );
    } finally {
      server.close();
    }
  });
  it('sends a partial reply when the DPO approves it, then a new version with the late system merged in', async () => {
    const { requestId, tasks } = await accessWithMarketingSilent();
    await app.get(FulfilmentSweeper).collectionTimeouts(new Date(new Date(tasks.get('demo-marketing')!.respondBy!).getTime() + 1000));
    await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    await api().post(`/v1/staff/fulfilments/${requestId}/approve`).set(staff).send({}).expect(201);
    const [first] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    const v1 = JSON.parse((await unzip((await downloadWithCode(requestId, linkOf(first))).body)).get('manifest.json')!.toString());
    expect(v1).toMatchObject({ partial: true });

    await report(tasks.get('demo-marketing')!, { outcome: 'exported', lines: marketingLines });
    const [, second] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId, 2);
    expect(second.data.package.key).toBe(`packages/${requestId}/package-v2.zip`);
    const entries = await unzip((await downloadWithCode(requestId, linkOf(second))).body);
    expect(JSON.parse(entries.get('manifest.json')!.toString())).toMatchObject({ partial: false });
    expect(JSON.parse(entries.get('systems/demo-marketing/data.json')!.toString()).records).toEqual(marketingLines);
    // The first link now points to a superseded package.
    const stale = await api()
      .post(`${new URL(linkOf(first)).pathname}/code`)
      .expect(410);
    expect(stale.body.code).toBe('download-superseded');
  });
  it('answers an information request from the register alone', async () => {
    const { requestId } = await verifiedRequest('information', { topics: ['purposes', 'recipients'] });
    const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, requestId);
    expect(ready.data).toMatchObject({ kind: 'action-report', requestType: 'information' });
    expect(eventsOf(EventTypes.CollectionTaskRequested, requestId)).toHaveLength(0);
    const html = (await unzip((await downloadWithCode(requestId, linkOf(ready))).body)).get('report.html')!.toString();
    expect(html).toContain('Managing your customer account');
  });

  it('never lets the review refuse an objection to direct marketing (Art. 21(3)); asking the systems again stays possible', async () => {
    const { requestId } = await verifiedRequest('objection', { processing: 'direct-marketing', purposes: ['newsletter'] });
    for (const task of (await tasksOf(requestId, 2)).values()) await report(task, { outcome: 'failed' });
    await awaitEvents(EventTypes.FulfilmentAttentionRequired, requestId);
    const refused = await api()
      .post(`/v1/staff/fulfilments/${requestId}/reject`)
      .set(staff)
      .send({ reasonCode: 'manifestly-unfounded' })
      .expect(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'refusal-not-allowed', detail: expect.stringContaining('Art. 21(3)') });
    expect(await status(requestId)).toBe('awaiting-review');
    await api().post(`/v1/staff/fulfilments/${requestId}/reject`).set(staff).send({ reasonCode: 'incomplete-collection' }).expect(201);
    expect(await awaitEvents(EventTypes.CollectionTaskRequested, requestId, 4)).toHaveLength(4);
  });

  describe('post-mortem directives registry (LIL arts. 84-86)', () => {
    const deceased = `deceased.${randomUUID().slice(0, 8)}@example.org`;
    const designee = `designee.${randomUUID().slice(0, 8)}@example.org`;
    const heir = { kind: 'heir' as const, email: `heir.${deceased}` };
    const directive = (details: Record<string, unknown>) => verifiedRequest('post-mortem-directive', details, { subjectEmail: deceased });
    const registry = async (reference: string) =>
      (
        await sql.query(
          `SELECT d.status, d.version, d.content, array_agg(h.change ORDER BY h.version) AS changes
             FROM fulfilment.post_mortem_directives d JOIN fulfilment.post_mortem_directive_history h USING (reference)
            WHERE d.reference = $1 GROUP BY d.reference`,
          [reference],
        )
      ).rows[0];
    let registered: string;

    it('registers a directive, then changes it, keeping every version; each is confirmed with a reply and nothing collected', async () => {
      const register = await directive({
        action: 'register',
        scope: 'general',
        instructions: [{ target: 'all', action: 'erase' }],
        designatedPerson: { fullName: 'Byron', email: designee },
      });
      registered = register.reference;
      const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, register.requestId);
      expect(ready.data).toMatchObject({ kind: 'action-report', postMortemOutcome: 'directive-registered', recipient: deceased });
      expect(eventsOf(EventTypes.CollectionTaskRequested, register.requestId)).toHaveLength(0);

      const change = await directive({
        action: 'change',
        directiveReference: registered,
        instructions: [{ target: 'orders', action: 'communicate', recipient: 'Byron' }],
      });
      const [changed] = await awaitEvents(EventTypes.FulfilmentPackageReady, change.requestId);
      expect(changed.data.postMortemOutcome).toBe('directive-changed');
      expect(await registry(registered)).toEqual({
        status: 'active',
        version: 2,
        content: {
          scope: 'general',
          instructions: [{ target: 'orders', action: 'communicate', recipient: 'Byron' }],
          designatedPerson: { fullName: 'Byron', email: designee },
        },
        changes: ['directive-registered', 'directive-changed'],
      });
    });

    it('lets the designated person obtain what the directive communicates, and holds an heir’s request for the DPO with the refusal the law calls for', async () => {
      const carried = await verifiedRequest(
        'deceased-subject',
        { dateOfDeath: '2026-01-10', purpose: 'execute-directive' },
        { subjectEmail: deceased, requester: { kind: 'designated-person', email: designee } },
      );
      const [task] = await awaitEvents(EventTypes.CollectionTaskRequested, carried.requestId);
      expect(task.data).toMatchObject({
        systemId: 'demo-crm',
        action: 'export',
        dataCategories: ['orders'],
        identities: { email: deceased },
      });
      await report(task.data, { outcome: 'exported', lines: crmLines.filter((l) => l.category === 'orders') });
      const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, carried.requestId);
      expect(ready.data).toMatchObject({ kind: 'access', postMortemOutcome: 'data-communicated', recipient: designee });

      const refused = await verifiedRequest(
        'deceased-subject',
        { dateOfDeath: '2026-01-10', purpose: 'close-accounts' },
        { subjectEmail: deceased, requester: heir },
      );
      const [attention] = await awaitEvents(EventTypes.FulfilmentAttentionRequired, refused.requestId);
      expect(attention.data.reason).toBe('review-required');
      const summary = await api().get(`/v1/staff/fulfilments/${refused.requestId}`).set(staff).expect(200);
      expect(summary.body).toMatchObject({
        status: 'awaiting-review',
        postMortem: {
          proposedRefusal: {
            reason: 'requester-not-authorised',
            explanation: 'directives-designate-another-person',
            basis: expect.any(String),
          },
        },
      });
      expect(eventsOf(EventTypes.CollectionTaskRequested, refused.requestId)).toHaveLength(0);
    });

    it('revokes the directive only for its author; afterwards an heir may have the accounts closed', async () => {
      const stranger = await verifiedRequest(
        'post-mortem-directive',
        { action: 'revoke', directiveReference: registered },
        { subjectEmail: `someone.${deceased}` },
      );
      await awaitEvents(EventTypes.FulfilmentAttentionRequired, stranger.requestId);
      expect((await registry(registered)).status).toBe('active');

      const revoke = await directive({ action: 'revoke', directiveReference: registered });
      const [revoked] = await awaitEvents(EventTypes.FulfilmentPackageReady, revoke.requestId);
      expect(revoked.data.postMortemOutcome).toBe('directive-revoked');
      expect(await registry(registered)).toMatchObject({
        status: 'revoked',
        version: 3,
        changes: ['directive-registered', 'directive-changed', 'directive-revoked'],
      });

      const closing = await verifiedRequest(
        'deceased-subject',
        { dateOfDeath: '2026-01-10', purpose: 'close-accounts' },
        { subjectEmail: deceased, requester: heir },
      );
      const tasks = await tasksOf(closing.requestId, 2);
      expect([...tasks.values()].map((t) => t.action)).toEqual(['erase', 'erase']);
      for (const task of tasks.values()) await report(task, { outcome: 'completed' });
      const [ready] = await awaitEvents(EventTypes.FulfilmentPackageReady, closing.requestId);
      expect(ready.data).toMatchObject({ kind: 'action-report', postMortemOutcome: 'data-erased', recipient: heir.email });
    });
  });
});
