import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { collectorTestEnvironment, EventProbe } from '@dsar/collector-sdk';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { EncryptedFileBlobStore, readBlobText } from '@dsar/storage';
import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadCollectorHttpConfig } from './collector-http.config';
import { CollectorHttpModule } from './collector-http.module';

const REPO_ROOT = resolve(__dirname, '../../..');
const TOKEN = randomBytes(12).toString('hex');
const ADA = 'ada@example.org';

type Row = Record<string, unknown> & { id: number; email: string };

/** A small help desk with a REST API: bearer auth, three kinds of pagination, record-level actions. */
class FakeHelpdesk {
  contacts: Row[] = [];
  tickets: Row[] = [];
  newsletter: Row[] = [];
  calls: string[] = [];
  failNext = 0;
  server: Server = createServer((req, res) => void this.route(req, res));

  seed(): void {
    this.contacts = [
      {
        id: 1,
        email: ADA,
        name: 'Ada Lovelace',
        phone: '+44 20 7946 0018',
        customer_ref: 'HD-1815',
        created_at: '2024-01-01',
        restricted: false,
      },
      {
        id: 2,
        email: 'alan@example.org',
        name: 'Alan Turing',
        phone: null,
        customer_ref: 'HD-1912',
        created_at: '2024-01-02',
        restricted: false,
      },
    ];
    this.tickets = Array.from({ length: 5 }, (_, i) => ({
      id: 100 + i,
      email: ADA,
      subject: `Question ${i}`,
      status: 'closed',
      messages: [`message ${i}`],
      opened_at: '2025-01-01',
    }));
    this.tickets.push({ id: 200, email: 'alan@example.org', subject: 'Other', status: 'open', messages: [], opened_at: '2025-01-02' });
    this.newsletter = [
      { id: 7, email: ADA, list: 'weekly', subscribed: true },
      { id: 8, email: ADA, list: 'offers', subscribed: true },
      { id: 9, email: ADA, list: 'events', subscribed: true },
    ];
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url!, 'http://x');
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return this.json(res, 401, { error: 'unauthorised' });
    if (this.failNext > 0) {
      this.failNext--;
      return this.json(res, 503, { error: 'maintenance' });
    }
    this.calls.push(`${req.method} ${url.pathname}`);
    const mine = (rows: Row[], param: string) => rows.filter((r) => r.email.toLowerCase() === url.searchParams.get(param)?.toLowerCase());
    let match: RegExpExecArray | null;
    if (req.method === 'GET' && url.pathname === '/api/v2/contacts') {
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('per_page'));
      return this.json(res, 200, { data: mine(this.contacts, 'email').slice((page - 1) * size, page * size) });
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/tickets') {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const rows = mine(this.tickets, 'requester');
      const next = start + 2 < rows.length ? String(start + 2) : null;
      return this.json(res, 200, { tickets: rows.slice(start, start + 2), meta: { next_cursor: next } });
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/newsletter') {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const rows = mine(this.newsletter, 'email');
      const next = new URL(url);
      next.searchParams.set('offset', String(offset + 2));
      return this.json(
        res,
        200,
        rows.slice(offset, offset + 2),
        offset + 2 < rows.length ? { link: `<${next.pathname}${next.search}>; rel="next"` } : {},
      );
    }
    if ((match = /^\/api\/v2\/contacts\/(\d+)(\/anonymise|\/restriction)?$/.exec(url.pathname))) {
      const contact = this.contacts.find((c) => c.id === Number(match![1]));
      if (!contact) return this.json(res, 404, {});
      if (req.method === 'PATCH' && !match[2]) Object.assign(contact, JSON.parse(body));
      else if (match[2] === '/anonymise') Object.assign(contact, { email: `anon-${contact.id}@invalid`, name: null, phone: null });
      else if (match[2] === '/restriction') contact.restricted = JSON.parse(body).restricted;
      return this.json(res, 200, contact);
    }
    if (req.method === 'DELETE' && (match = /^\/api\/v2\/(tickets|newsletter)\/(\d+)$/.exec(url.pathname))) {
      const table = match[1] === 'tickets' ? 'tickets' : 'newsletter';
      this[table] = this[table].filter((r) => r.id !== Number(match![2]));
      return this.json(res, 204, {});
    }
    if (req.method === 'POST' && (match = /^\/api\/v2\/newsletter\/(\d+)\/unsubscribe$/.exec(url.pathname))) {
      const row = this.newsletter.find((r) => r.id === Number(match![1]));
      if (row) row.subscribed = false;
      return this.json(res, 200, row ?? {});
    }
    return this.json(res, 404, {});
  }
}

describe('collector-http against a local REST API (real PostgreSQL, real Kafka)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let probe: EventProbe;
  let blobs: EncryptedFileBlobStore;
  const helpdesk = new FakeHelpdesk();

  beforeAll(async () => {
    helpdesk.seed();
    await new Promise<void>((done) => helpdesk.server.listen(0, '127.0.0.1', done));
    db = await createTestDatabase('collector_http');
    const prefix = uniqueKafkaPrefix('collector-http');
    const collector = await collectorTestEnvironment({
      name: 'collector-http',
      databaseUrl: db.url,
      kafkaBrokers: kafkaBrokers(),
      kafkaTopicPrefix: prefix,
    });
    blobs = collector.blobs;
    probe = new EventProbe(kafkaBrokers(), prefix);
    await probe.start([EventTypes.CollectionResultReported, EventTypes.IdentifierMatchReported]);
    const config = loadCollectorHttpConfig({
      ...collector.env,
      COLLECTOR_MAPPING_FILE: join(REPO_ROOT, 'apps/collector-http/config/example-systems.json'),
      COLLECTOR_RETRY_INITIAL_MS: '50',
    });
    const env = { HELPDESK_URL: `http://127.0.0.1:${(helpdesk.server.address() as AddressInfo).port}`, HELPDESK_TOKEN: TOKEN };
    app = await NestFactory.create(CollectorHttpModule.register(config, env), { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await probe?.stop();
    await db?.drop();
    helpdesk.server.close();
  });

  type TaskData = DsarEvent<typeof EventTypes.CollectionTaskRequested>['data'];
  const run = async (data: Partial<TaskData> & Pick<TaskData, 'action'>) => {
    const requestId = randomUUID();
    const event = createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'helpdesk', identities: { email: ADA }, ...data },
    });
    await probe.publish(event);
    return (await expectEventually(() => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === event.data.taskId)[0]))
      .data;
  };

  it('exports across page, cursor and Link-header pagination, with the fields mapped, retrying a system that answers 503', async () => {
    helpdesk.failNext = 2;
    const result = await run({ action: 'export' });
    expect(result).toMatchObject({
      outcome: 'exported',
      recordCount: 9,
      categories: [
        { category: 'identity', records: 1, exported: 1 },
        { category: 'support-transcripts', records: 5, exported: 5 },
        { category: 'marketing-consents', records: 3, exported: 3 },
      ],
    });
    const lines = (await readBlobText(blobs, result.export!.key))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      category: 'identity',
      source: 'contacts',
      record: { name: 'Ada Lovelace', email: ADA, phone: '+44 20 7946 0018', customerNumber: 'HD-1815', createdAt: '2024-01-01' },
    });
    expect(lines.filter((l) => l.source === 'tickets').map((l) => l.record.subject)).toEqual([
      'Question 0',
      'Question 1',
      'Question 2',
      'Question 3',
      'Question 4',
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/Turing|alan@/);
  });

  it('rectifies, restricts and resumes through the record endpoints', async () => {
    expect(
      await run({
        action: 'rectify',
        rectifications: [
          { field: 'phone', value: '+44 1632 960001' },
          { field: 'salary', value: '1' },
        ],
      }),
    ).toMatchObject({
      outcome: 'completed',
      categories: [{ category: 'identity', records: 1, rectified: 1 }],
    });
    expect(helpdesk.contacts[0].phone).toBe('+44 1632 960001');
    expect(await run({ action: 'restrict' })).toMatchObject({ categories: [{ category: 'identity', records: 1, restricted: 1 }] });
    expect(helpdesk.contacts[0].restricted).toBe(true);
    await run({ action: 'resume' });
    expect(helpdesk.contacts[0].restricted).toBe(false);
  });

  it('records a consent withdrawal for the purpose named', async () => {
    expect(await run({ action: 'withdraw-consent', purposes: ['newsletter'] })).toMatchObject({
      outcome: 'completed',
      categories: [{ category: 'marketing-consents', records: 3, restricted: 3 }],
    });
    expect(helpdesk.newsletter.map((r) => r.subscribed)).toEqual([false, false, false]);
    expect(await run({ action: 'object', purposes: ['profiling'] })).toMatchObject({ outcome: 'no-data' });
  });

  it('acts once on a task delivered twice, and publishes one result', async () => {
    const requestId = randomUUID();
    const event = createEvent({
      type: EventTypes.CollectionTaskRequested,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'helpdesk', action: 'restrict', identities: { email: ADA } },
    });
    const marker = createEvent({
      type: event.type,
      source: event.source,
      subject: requestId,
      controllerId: 'demo',
      data: { ...event.data, taskId: randomUUID(), action: 'resume' },
    });
    const before = helpdesk.calls.filter((c) => c === 'POST /api/v2/contacts/1/restriction').length;
    await probe.publish(event, event, marker); // same key: the marker is consumed after both copies
    await expectEventually(() => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === marker.data.taskId)[0]);
    expect(probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === event.data.taskId)).toHaveLength(1);
    // One restriction call for the task, one for the marker's resume.
    expect(helpdesk.calls.filter((c) => c === 'POST /api/v2/contacts/1/restriction').length - before).toBe(2);
  });

  it('answers an identifier match', async () => {
    const ask = async (identifiers: Record<string, string>) => {
      const requestId = randomUUID();
      const event = createEvent({
        type: EventTypes.IdentifierMatchRequested,
        source: 'dsar/identity',
        subject: requestId,
        controllerId: 'demo',
        data: { requestId, matchId: randomUUID(), systemId: 'helpdesk', identities: { email: ADA }, identifiers },
      });
      await probe.publish(event);
      return (await expectEventually(() => probe.of(EventTypes.IdentifierMatchReported, (e) => e.data.matchId === event.data.matchId)[0]))
        .data.outcome;
    };
    expect(await ask({ 'customer-number': 'HD-1815' })).toBe('matched');
    expect(await ask({ 'customer-number': 'HD-0000' })).toBe('not-matched');
  });

  it('erases every record of the subject and none of anyone else', async () => {
    const result = await run({ action: 'erase' });
    expect(result.categories).toEqual([
      { category: 'identity', records: 1, anonymised: 1 },
      { category: 'support-transcripts', records: 5, erased: 5 },
      { category: 'marketing-consents', records: 3, erased: 3 },
    ]);
    expect(helpdesk.tickets.map((t) => t.id)).toEqual([200]);
    expect(helpdesk.contacts.map((c) => c.email)).toEqual(['anon-1@invalid', 'alan@example.org']);
    expect(await run({ action: 'export' })).toMatchObject({ outcome: 'no-data' });
  });

  it('reports a failure without retrying when the system refuses the credentials, and without the subject in the error', async () => {
    let requests = 0;
    helpdesk.server.removeAllListeners('request');
    helpdesk.server.on('request', (_req, res) => {
      requests++;
      res.writeHead(401).end();
    });
    const result = await run({ action: 'export' });
    expect(result).toEqual(expect.objectContaining({ outcome: 'failed', error: 'helpdesk contacts: HTTP 401 on GET' }));
    expect(requests).toBe(1);
  });
});
