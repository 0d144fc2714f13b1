import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { PostgresTransport } from '@dsar/messaging';
import { strictValidationPipe } from '@dsar/platform';
import { asMessage, createTestDatabase, expectEventually, recordingLogger, TestDatabase } from '@dsar/testing';
import { hashSync } from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { loadBackofficeConfig } from './backoffice.config';
import { BackofficeModule } from './backoffice.module';

const staffToken = randomBytes(16).toString('hex');
const dpoPassword = randomBytes(12).toString('base64url');

describe('backoffice: the request queue and the alerts (real PostgreSQL, PostgreSQL transport)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let bus: PostgresTransport;

  beforeAll(async () => {
    db = await createTestDatabase('backoffice');
    const config = loadBackofficeConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      STAFF_LOCAL_ACCOUNTS: `dpo:dpo:${hashSync(dpoPassword, 4)}`,
    });
    app = await NestFactory.create(BackofficeModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
    bus = new PostgresTransport({ url: db.url, log: recordingLogger() });
    await bus.start();
  });

  afterAll(async () => {
    await bus?.stop();
    await app?.close();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const staff = (req: request.Test) => req.set('authorization', `Bearer ${staffToken}`);
  const publish = (...events: DsarEvent[]) => bus.publish(events.map(asMessage));

  function received(requestId: string, dueAt: string): DsarEvent {
    return createEvent({
      type: EventTypes.RequestReceived,
      source: 'dsar/intake',
      subject: requestId,
      controllerId: 'demo',
      data: {
        requestId,
        reference: 'DSAR-AB12-CD34',
        requestType: 'access',
        channel: 'api',
        receivedAt: '2026-11-01T10:00:00.000Z',
        dueAt,
        dueRule: 'gdpr-art-12-3',
        requesterKind: 'subject',
        contactEmail: 'ada@example.org',
        subjectEmail: 'ada@example.org',
        language: 'en',
      },
    });
  }

  function statusChanged(requestId: string, fromStatus: 'in-progress', toStatus: 'completed'): DsarEvent {
    return createEvent({
      type: EventTypes.RequestStatusChanged,
      source: 'dsar/intake',
      subject: requestId,
      controllerId: 'demo',
      data: {
        requestId,
        reference: 'DSAR-AB12-CD34',
        requestType: 'access',
        fromStatus,
        toStatus,
        action: 'complete',
        changedAt: '2026-11-20T10:00:00.000Z',
        dueAt: '2026-12-01T22:59:59.999Z',
        dueRule: 'gdpr-art-12-3',
        actorKind: 'service',
      },
    });
  }

  function attention(requestId: string): DsarEvent {
    return createEvent({
      type: EventTypes.FulfilmentAttentionRequired,
      source: 'dsar/fulfilment',
      subject: requestId,
      controllerId: 'demo',
      data: {
        requestId,
        reason: 'collection-timeout',
        systemIds: ['demo-billing'],
        dueAt: '2026-12-01T22:59:59.999Z',
        raisedAt: '2026-11-15T08:00:00.000Z',
      },
    });
  }

  const alertsOf = async (requestId: string, state = 'open') =>
    (await staff(api().get('/v1/alerts').query({ requestId, state })).expect(200)).body as Array<Record<string, unknown>>;

  it('raises one alert per event that needs a person, even when the event is delivered twice', async () => {
    const requestId = randomUUID();
    const timeout = attention(requestId);
    const review = createEvent({
      type: EventTypes.VerificationReviewRequested,
      source: 'dsar/identity',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, verificationId: randomUUID(), reason: 'id-document', requestedAt: '2026-11-14T08:00:00.000Z' },
    });
    const manual = createEvent({
      type: EventTypes.CollectionTaskAssigned,
      source: 'dsar/collector-manual',
      subject: requestId,
      controllerId: 'demo',
      data: { requestId, taskId: randomUUID(), systemId: 'paper-archive', action: 'export', ownerEmail: 'archives@demo.example.org' },
    });
    await publish(received(requestId, '2026-12-01T22:59:59.999Z'), review, timeout, timeout, manual);

    const alerts = await expectEventually(async () => {
      const found = await alertsOf(requestId);
      return found.length === 3 ? found : undefined;
    });
    expect(alerts.map((a) => a.kind)).toEqual(['verification-review', 'collection-timeout', 'manual-task']);
    expect(alerts[1]).toMatchObject({ systemIds: ['demo-billing'], resolvedAt: null });
    expect(alerts[2]).toMatchObject({ systemIds: ['paper-archive'] });
    expect(JSON.stringify(alerts)).not.toContain('@');

    const queue = await staff(api().get(`/v1/requests/${requestId}`)).expect(200);
    expect(queue.body.openAlerts).toBe(3);
  });

  it('lets staff resolve an alert once, with what was done, and answers 409 the second time', async () => {
    const requestId = randomUUID();
    await publish(received(requestId, '2026-12-02T22:59:59.999Z'), attention(requestId));
    const [alert] = await expectEventually(async () => {
      const found = await alertsOf(requestId);
      return found.length === 1 ? found : undefined;
    });

    const resolved = await staff(
      api().post(`/v1/alerts/${alert.id}/resolve`).send({ resolution: 'Billing export uploaded by hand' }),
    ).expect(200);
    expect(resolved.body).toMatchObject({ resolution: 'Billing export uploaded by hand', resolvedBy: expect.stringMatching(/^staff:/) });
    expect(await alertsOf(requestId)).toHaveLength(0);
    expect(await alertsOf(requestId, 'resolved')).toHaveLength(1);

    const again = await staff(api().post(`/v1/alerts/${alert.id}/resolve`).send({ resolution: 'twice' })).expect(409);
    expect(again.body.code).toBe('alert-already-resolved');
    await staff(api().post(`/v1/alerts/${randomUUID()}/resolve`).send({ resolution: 'nothing' })).expect(404);
  });

  it('closes the open alerts of a request when it ends', async () => {
    const requestId = randomUUID();
    await publish(received(requestId, '2026-12-03T22:59:59.999Z'), attention(requestId));
    await expectEventually(async () => ((await alertsOf(requestId)).length === 1 ? true : undefined));
    await publish(statusChanged(requestId, 'in-progress', 'completed'));
    const [closed] = await expectEventually(async () => {
      const found = await alertsOf(requestId, 'resolved');
      return found.length === 1 ? found : undefined;
    });
    expect(closed.resolvedBy).toBe('request:completed');
  });

  it("builds the view from a request's events in their order: received, then each status change", async () => {
    const requestId = randomUUID();
    await publish(received(requestId, '2026-12-01T22:59:59.999Z'), statusChanged(requestId, 'in-progress', 'completed'));
    const view = await expectEventually(async () => {
      const { body } = await staff(api().get(`/v1/requests/${requestId}`));
      return body.status === 'completed' ? body : undefined;
    });
    expect(view).toMatchObject({ receivedAt: '2026-11-01T10:00:00.000Z', completedAt: '2026-11-20T10:00:00.000Z' });
  });

  it('lets the DPO in with a local account, as on every service, and no one with a wrong password', async () => {
    const basic = (password: string) => `Basic ${Buffer.from(`dpo:${password}`).toString('base64')}`;
    await api().get('/v1/alerts').set('authorization', basic(dpoPassword)).expect(200);
    const refused = await api().get('/v1/alerts').set('authorization', basic('not-the-password')).expect(401);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('lists open requests due before a date, soonest first, and refuses bad filters with a 400', async () => {
    const soon = randomUUID();
    const later = randomUUID();
    await publish(received(later, '2027-03-01T22:59:59.999Z'), received(soon, '2027-02-01T22:59:59.999Z'));
    await expectEventually(async () => ((await staff(api().get(`/v1/requests/${later}`))).status === 200 ? true : undefined));

    const due = await staff(api().get('/v1/requests').query({ dueBefore: '2027-02-15T00:00:00Z' })).expect(200);
    const ids = (due.body as Array<{ requestId: string }>).map((r) => r.requestId);
    expect(ids).toContain(soon);
    expect(ids).not.toContain(later);

    const bad = await staff(api().get('/v1/requests').query({ dueBefore: 'next week', status: 'lost' })).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dueBefore', 'status']);
    await staff(api().get('/v1/alerts').query({ kind: 'everything' })).expect(400);
    await api().get('/v1/alerts').expect(401);
  });
});
