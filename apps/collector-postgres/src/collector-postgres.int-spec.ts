import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { collectorTestEnvironment, EventProbe } from '@dsar/collector-sdk';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { loadControllerProfiles } from '@dsar/profiles';
import { EncryptedFileBlobStore, readBlobText } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { createHash, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { PostgresCollector } from './collection/postgres-collector';
import { loadSystemMappings } from './collection/system-mapping';
import { loadCollectorConfig } from './collector.config';
import { CollectorPostgresModule } from './collector.module';
import { seedDemoDatabase } from './demo/seed-demo-database';

const REPO_ROOT = resolve(__dirname, '../../..');
const MAPPING_FILE = join(REPO_ROOT, 'apps/collector-postgres/config/demo-systems.json');
const PROFILES_DIR = join(REPO_ROOT, 'config/controllers');
const ADA = 'ada@example.org';

type TaskData = DsarEvent<typeof EventTypes.CollectionTaskRequested>['data'];

function taskEvent(data: Partial<TaskData> & Pick<TaskData, 'systemId' | 'action'>, requestId = randomUUID()) {
  return createEvent({
    type: EventTypes.CollectionTaskRequested,
    source: 'dsar/fulfilment',
    subject: data.requestId ?? requestId,
    controllerId: 'demo',
    data: { requestId, taskId: randomUUID(), identities: { email: ADA }, ...data },
  });
}

describe('collector-postgres on the collector SDK (real PostgreSQL, real Kafka)', () => {
  let serviceDb: TestDatabase;
  let sourceDb: TestDatabase;
  let app: INestApplication;
  let probe: EventProbe;
  let source: Client;
  let blobs: EncryptedFileBlobStore;

  beforeAll(async () => {
    [serviceDb, sourceDb] = await Promise.all([createTestDatabase('collector_pg'), createTestDatabase('collector_pg_source')]);
    await seedDemoDatabase(sourceDb.url);
    const prefix = uniqueKafkaPrefix('collector-pg');
    const collector = await collectorTestEnvironment({
      name: 'collector',
      databaseUrl: serviceDb.url,
      kafkaBrokers: kafkaBrokers(),
      kafkaTopicPrefix: prefix,
    });
    blobs = collector.blobs;
    probe = new EventProbe(kafkaBrokers(), prefix);
    await probe.start([EventTypes.CollectionResultReported, EventTypes.IdentifierMatchReported]);
    const config = loadCollectorConfig({
      ...collector.env,
      SOURCE_DATABASE_URL: sourceDb.url,
      COLLECTOR_MAPPING_FILE: MAPPING_FILE,
      PROFILES_DIR,
      COLLECTOR_RETRY_INITIAL_MS: '50',
    });
    app = await NestFactory.create(CollectorPostgresModule.register(config), { logger: false });
    await app.init();
    source = new Client({ connectionString: sourceDb.url });
    await source.connect();
  });

  afterAll(async () => {
    await source?.end();
    await app?.close();
    await probe?.stop();
    await Promise.all([serviceDb?.drop(), sourceDb?.drop()]);
  });

  const resultOf = (taskId: string) =>
    expectEventually(() => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === taskId)[0], {
      what: `result of ${taskId}`,
    });

  const run = async (data: Partial<TaskData> & Pick<TaskData, 'systemId' | 'action'>) => {
    const event = taskEvent(data);
    await probe.publish(event);
    return (await resultOf(event.data.taskId)).data;
  };

  const exportLines = async (key: string) =>
    (await readBlobText(blobs, key))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));

  it('exports the subject’s records as NDJSON to the encrypted blob store and reports a reference', async () => {
    const result = await run({ systemId: 'demo-crm', action: 'export' });
    expect(result).toMatchObject({
      outcome: 'exported',
      action: 'export',
      via: 'collector',
      recordCount: 3,
      categories: [
        { category: 'identity', records: 1, exported: 1 },
        { category: 'orders', records: 2, exported: 2 },
      ],
    });
    const text = await readBlobText(blobs, result.export!.key);
    expect(createHash('sha256').update(text).digest('hex')).toBe(result.export!.sha256);
    const lines = await exportLines(result.export!.key);
    expect(lines[0]).toEqual({
      category: 'identity',
      source: 'crm.customers',
      record: expect.objectContaining({ email: ADA, first_name: 'Ada', last_name: 'Lovelace', customer_number: 'C-1815' }),
    });
    expect(lines.slice(1).map((l) => [l.source, l.record.product])).toEqual([
      ['crm.orders', 'English course, 20 lessons'],
      ['crm.orders', 'Business English workshop'],
    ]);
    expect(text).not.toMatch(/Turing|Hopper/);
  });

  it('exports only the categories in scope, and only what the subject provided for portability', async () => {
    const orders = await run({ systemId: 'demo-crm', action: 'export', dataCategories: ['orders'] });
    expect(orders.categories).toEqual([{ category: 'orders', records: 2, exported: 2 }]);
    const portable = await run({ systemId: 'demo-billing', action: 'export', exportScope: 'provided-by-subject' });
    expect(portable.categories).toEqual([{ category: 'payment-tokens', records: 1, exported: 1 }]);
    expect(JSON.stringify(await exportLines(portable.export!.key))).not.toMatch(/tok_demo/); // the token itself is not exported
  });

  it('still carries out and reports a task past its collection timeout: fulfilment merges late results', async () => {
    const late = await run({ systemId: 'demo-marketing', action: 'export', respondBy: '2020-01-01T00:00:00.000Z' });
    expect(late).toMatchObject({ outcome: 'exported', recordCount: 1 });
  });

  it('reports no-data, without a blob, for a subject the system does not know', async () => {
    const result = await run({ systemId: 'demo-support', action: 'export', identities: { email: 'nobody@example.org' } });
    expect(result).toMatchObject({ outcome: 'no-data', recordCount: 0 });
    expect(result.export).toBeUndefined();
  });

  it('rectifies named fields in one transaction', async () => {
    const result = await run({
      systemId: 'demo-crm',
      action: 'rectify',
      identities: { email: 'alan@example.org' },
      rectifications: [{ field: 'phone', value: '+44 1908 640404' }],
    });
    expect(result).toMatchObject({
      outcome: 'completed',
      action: 'rectify',
      categories: [{ category: 'identity', records: 1, rectified: 1 }],
    });
    expect((await source.query(`SELECT phone FROM crm.customers WHERE email = 'alan@example.org'`)).rows).toEqual([
      { phone: '+44 1908 640404' },
    ]);
  });

  it('restricts processing, then resumes it', async () => {
    const restricted = await run({ systemId: 'demo-learning', action: 'restrict' });
    expect(restricted).toMatchObject({ outcome: 'completed', categories: [{ category: 'learning-progress', records: 1, restricted: 1 }] });
    expect((await source.query(`SELECT processing_restricted FROM learning.progress WHERE learner_email = $1`, [ADA])).rows).toEqual([
      { processing_restricted: true },
    ]);
    const resumed = await run({ systemId: 'demo-learning', action: 'resume' });
    expect(resumed).toMatchObject({ outcome: 'completed', action: 'resume', categories: [{ category: 'learning-progress', records: 1 }] });
    expect((await source.query(`SELECT processing_restricted FROM learning.progress WHERE learner_email = $1`, [ADA])).rows).toEqual([
      { processing_restricted: false },
    ]);
  });

  it('records a consent withdrawal and an objection for the purposes named', async () => {
    const withdrawn = await run({ systemId: 'demo-marketing', action: 'withdraw-consent', purposes: ['newsletter'] });
    expect(withdrawn).toMatchObject({ outcome: 'completed', categories: [{ category: 'marketing-consents', records: 1, restricted: 1 }] });
    expect(
      (await source.query(`SELECT consent_withdrawn_at IS NOT NULL AS withdrawn FROM marketing.subscriptions WHERE email = $1`, [ADA]))
        .rows,
    ).toEqual([{ withdrawn: true }]);
    const otherPurpose = await run({ systemId: 'demo-analytics', action: 'object', purposes: ['newsletter'] });
    expect(otherPurpose).toMatchObject({ outcome: 'no-data', categories: [] });
    const objected = await run({ systemId: 'demo-analytics', action: 'object', purposes: ['analytics'] });
    expect(objected).toMatchObject({
      outcome: 'completed',
      categories: [{ category: 'analytics-identifiers', records: 1, restricted: 1 }],
    });
  });

  it('erases what it may and keeps, per category, what the law requires with its basis and deletion date', async () => {
    const crm = await run({ systemId: 'demo-crm', action: 'erase' });
    expect(crm).toMatchObject({ outcome: 'completed', action: 'erase', recordCount: 3 });
    expect(crm.categories).toEqual([
      {
        category: 'orders',
        records: 2,
        erased: 0,
        kept: [
          { records: 1, basis: 'Code de commerce art. L123-22', reason: 'Accounting', until: '2034-12-31' },
          { records: 1, basis: 'Code de commerce art. L123-22', reason: 'Accounting', until: '2035-12-31' },
        ],
      },
      { category: 'identity', records: 1, anonymised: 1 },
    ]);
    expect((await source.query(`SELECT email, first_name, last_name FROM crm.customers WHERE id = 1`)).rows).toEqual([
      { email: 'erased-1@invalid.example', first_name: null, last_name: null },
    ]);
    expect((await source.query(`SELECT count(*)::int AS n FROM crm.orders WHERE customer_email = $1`, [ADA])).rows).toEqual([{ n: 2 }]);

    const billing = await run({ systemId: 'demo-billing', action: 'erase' });
    expect(billing.categories).toEqual([
      { category: 'payment-tokens', records: 1, erased: 1 },
      {
        category: 'invoices',
        records: 2,
        erased: 0,
        kept: [
          { records: 1, basis: 'Code de commerce art. L123-22', reason: 'Accounting', until: '2034-12-31' },
          { records: 1, basis: 'Code de commerce art. L123-22', reason: 'Accounting', until: '2035-12-31' },
        ],
      },
    ]);
    expect((await source.query(`SELECT count(*)::int AS n FROM billing.card_tokens WHERE email = $1`, [ADA])).rows).toEqual([{ n: 0 }]);
  });

  it('keeps the data of a customer in litigation five years after the account closed', async () => {
    await source.query(`UPDATE crm.customers SET in_litigation = true, closed_at = '2026-01-31' WHERE email = 'grace@example.org'`);
    const result = await run({ systemId: 'demo-crm', action: 'erase', identities: { email: 'grace@example.org' } });
    expect(result.categories).toEqual([
      {
        category: 'identity',
        records: 1,
        anonymised: 0,
        kept: [
          {
            records: 1,
            basis: 'Code civil art. 2224 (civil limitation period)',
            reason: 'Managing your customer account',
            until: '2031-01-31',
          },
        ],
      },
    ]);
  });

  it('acts once on a task delivered twice, even as two events, and publishes one result', async () => {
    const requestId = randomUUID();
    const first = taskEvent({ systemId: 'demo-support', action: 'erase' }, requestId);
    const again = createEvent({ type: first.type, source: first.source, subject: first.subject, controllerId: 'demo', data: first.data }); // same task, new event id
    const marker = taskEvent({ systemId: 'demo-calls', action: 'export' }, requestId); // same key: consumed after the duplicates
    await probe.publish(first, first, again, marker);
    await resultOf(marker.data.taskId);
    const results = probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === first.data.taskId);
    expect(results).toHaveLength(1);
    expect(results[0].data).toMatchObject({
      outcome: 'completed',
      categories: [{ category: 'support-transcripts', records: 4, erased: 4 }],
    });
  });

  it('answers an identifier match: the e-mail exists and every identifier it knows matches', async () => {
    const ask = (email: string, identifiers: Record<string, string>) =>
      createEvent({
        type: EventTypes.IdentifierMatchRequested,
        source: 'dsar/identity',
        subject: randomUUID(),
        controllerId: 'demo',
        data: { requestId: randomUUID(), matchId: randomUUID(), systemId: 'demo-billing', identities: { email }, identifiers },
      });
    const questions = [
      ask('alan@example.org', { 'invoice-number': 'F-2024-0057', 'customer-number': 'C-0000' }),
      ask('alan@example.org', { 'invoice-number': 'F-2025-0311' }),
      ask('nobody@example.org', {}),
    ];
    for (const q of questions) {
      q.data.requestId = q.subject;
      await probe.publish(q);
    }
    const outcomes = await expectEventually(() => {
      const answers = questions.map(
        (q) => probe.of(EventTypes.IdentifierMatchReported, (e) => e.data.matchId === q.data.matchId)[0]?.data.outcome,
      );
      return answers.every(Boolean) ? answers : undefined;
    });
    // customer-number is not held by billing: it neither confirms nor refutes.
    expect(outcomes).toEqual(['matched', 'not-matched', 'not-matched']);
  });

  it('returns the first result when a change committed in the system but its result was never published', async () => {
    const pool = new Pool({ connectionString: sourceDb.url, max: 2 });
    const { profiles } = loadControllerProfiles(PROFILES_DIR);
    const collector = new PostgresCollector(pool, loadSystemMappings(MAPPING_FILE), (id) => profiles.get(id!)?.register);
    try {
      const task = taskEvent({ systemId: 'demo-recruitment', action: 'erase' }).data;
      const context = { signal: new AbortController().signal, controllerId: 'demo' };
      const first = await collector.erase(task, context);
      expect(first).toEqual([{ category: 'job-applications', records: 1, erased: 1 }]);
      expect(await collector.erase(task, context)).toEqual(first); // the redo of a crashed run: same answer, no second change
      expect(await collector.erase({ ...task, taskId: randomUUID() }, context)).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
