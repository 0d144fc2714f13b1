import { INestApplication } from '@nestjs/common';
import { createEvent, DsarEvent, EventDataByType, EventType, EventTypes, topicOf } from '@dsar/contracts';
import { EventTransport } from '@dsar/messaging';
import { EVENT_TRANSPORT } from '@dsar/platform';
import { createTestDatabase, expectEventually, sampleRequest, TestDatabase } from '@dsar/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { IntakeTestApp, startIntakeTestApp } from '../testing/intake-test-app';

describe('intake follows the outcome of identity verification (real PostgreSQL, PostgreSQL transport)', () => {
  let db: TestDatabase;
  let intake: IntakeTestApp;
  let app: INestApplication;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase('intake_verification_outcomes');
    intake = await startIntakeTestApp(db.url, { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000' });
    ({ app, sql } = intake);
  });

  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  async function submit(controllerId = 'demo', countryOfResidence = 'FR') {
    const body = sampleRequest('access', `s.${randomUUID().slice(0, 8)}@example.org`, controllerId);
    (body.subject as Record<string, unknown>).countryOfResidence = countryOfResidence;
    const response = await request(app.getHttpServer()).post('/v1/requests').send(body).expect(201);
    return { id: response.body.id as string, controllerId };
  }

  async function publish(event: DsarEvent) {
    await app
      .get<EventTransport>(EVENT_TRANSPORT)
      .publish([{ topic: topicOf(event.type), key: event.subject, value: JSON.stringify(event) }]);
  }

  const requestRow = async (id: string) => (await sql.query('SELECT * FROM intake.requests WHERE id = $1', [id])).rows[0];
  const auditOf = async (id: string) =>
    (await sql.query('SELECT action, reason, actor_id, to_status FROM intake.audit_entries WHERE request_id = $1 ORDER BY sequence', [id]))
      .rows;

  const fromIdentity = <T extends EventType>(type: T, requestId: string, controllerId: string, data: EventDataByType[T], time?: Date) =>
    createEvent({ type, source: 'dsar/identity', subject: requestId, controllerId, time, data });

  function failed(
    requestId: string,
    controllerId: string,
    reason: DsarEvent<typeof EventTypes.VerificationFailed>['data']['reason'],
    explanation?: string,
  ) {
    return fromIdentity(EventTypes.VerificationFailed, requestId, controllerId, {
      requestId,
      reason,
      ...(explanation ? { explanation } : {}),
      failedAt: new Date().toISOString(),
      language: 'en',
    });
  }

  function informationRequested(requestId: string, controllerId: string, time = new Date()) {
    return fromIdentity(
      EventTypes.VerificationInformationRequested,
      requestId,
      controllerId,
      {
        requestId,
        verificationId: randomUUID(),
        message: 'Please send a readable copy.',
        requestedAt: time.toISOString(),
        language: 'en',
        contactEmail: 'someone@example.org',
      },
      time,
    );
  }

  function succeeded(requestId: string, controllerId: string, time = new Date()) {
    return fromIdentity(
      EventTypes.VerificationSucceeded,
      requestId,
      controllerId,
      {
        requestId,
        challengeId: randomUUID(),
        method: 'staff-review',
        verifiedAt: time.toISOString(),
        identities: { email: 'someone@example.org' },
        language: 'en',
      },
      time,
    );
  }

  const statusBecomes = (id: string, status: string) =>
    expectEventually(
      async () => {
        const row = await requestRow(id);
        return row.status === status ? row : undefined;
      },
      { what: `request ${status}` },
    );

  it('closes the request as rejected, with the reason and the staff explanation, audited', async () => {
    const { id, controllerId } = await submit();
    await publish(failed(id, controllerId, 'document-rejected', 'The document is not readable.'));
    const row = await statusBecomes(id, 'rejected');
    expect(row).toMatchObject({ rejection_reason: 'identity-not-verified', rejection_explanation: 'The document is not readable.' });
    expect(await auditOf(id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'reject', reason: 'identity-not-verified', actor_id: 'identity', to_status: 'rejected' }),
      ]),
    );
    // The event leaves the outbox once the transaction committed: relayed a moment after the status is seen.
    const rejected = await expectEventually(async () => {
      const events = await sql.query(
        "SELECT value FROM messaging.events WHERE value::jsonb->>'type' = 'dsar.request.status-changed.v1' AND key = $1",
        [id],
      );
      return events.rows
        .map((r: { value: string }) => JSON.parse(r.value).data)
        .find((d: { toStatus: string }) => d.toStatus === 'rejected');
    });
    expect(rejected).toMatchObject({ reason: 'identity-not-verified', action: 'reject' });
  });

  it('closes a representative who could not show their standing as not authorised', async () => {
    const { id, controllerId } = await submit();
    await publish(failed(id, controllerId, 'proof-of-authority-rejected', 'The mandate is not signed.'));
    expect(await statusBecomes(id, 'rejected')).toMatchObject({ rejection_reason: 'requester-not-authorised' });
  });

  it('awaits the DPO when fulfilment holds the reply for review, not when it only warns of the deadline', async () => {
    const attention = (requestId: string, controllerId: string, reason: 'deadline-at-risk' | 'collection-timeout') =>
      createEvent({
        type: EventTypes.FulfilmentAttentionRequired,
        source: 'dsar/fulfilment',
        subject: requestId,
        controllerId,
        data: { requestId, reason, systemIds: ['demo-billing'], dueAt: new Date().toISOString(), raisedAt: new Date().toISOString() },
      });
    const { id, controllerId } = await submit();
    await publish(succeeded(id, controllerId));
    await statusBecomes(id, 'in-progress');

    const warning = attention(id, controllerId, 'deadline-at-risk');
    const hold = attention(id, controllerId, 'collection-timeout');
    await publish(warning);
    await publish(hold);
    await statusBecomes(id, 'awaiting-dpo-review');
    const { rows } = await sql.query(
      "SELECT actor_id, to_status, details FROM intake.audit_entries WHERE request_id = $1 AND action = 'submit-for-review'",
      [id],
    );
    expect(rows).toEqual([
      { actor_id: 'fulfilment', to_status: 'awaiting-dpo-review', details: expect.objectContaining({ eventId: hold.id }) },
    ]);
  });

  it('pauses the deadline while identity information is awaited, then resumes and proceeds once verified', async () => {
    const { id, controllerId } = await submit();
    await publish(informationRequested(id, controllerId));
    const paused = await statusBecomes(id, 'paused');
    expect(paused).toMatchObject({ pause_cause: 'awaiting-identity', paused_from: 'awaiting-verification' });
    expect(paused.pauses).toEqual([expect.objectContaining({ cause: 'awaiting-identity' })]);
    expect(paused.pauses[0].to).toBeUndefined();

    await publish(succeeded(id, controllerId));
    const resumed = await statusBecomes(id, 'in-progress');
    expect(resumed.pauses[0].to).toEqual(expect.any(String));
    const actions = (await auditOf(id)).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['pause', 'resume', 'verify', 'start-fulfilment']));
  });

  it('rejects a request paused for identity when the verification finally fails, closing the pause', async () => {
    const { id, controllerId } = await submit();
    await publish(informationRequested(id, controllerId));
    await statusBecomes(id, 'paused');
    await publish(failed(id, controllerId, 'expired'));
    const row = await statusBecomes(id, 'rejected');
    expect(row.pauses[0].to).toEqual(expect.any(String));
  });

  it('keeps the clock running where the regime does not stop it for identity (Switzerland), and records the request', async () => {
    const { id, controllerId } = await submit('ambassade-des-langues', 'CH');
    const before = await requestRow(id);
    await publish(informationRequested(id, controllerId));
    await expectEventually(async () => {
      const actions = (await auditOf(id)).map((e: { action: string; reason: string }) => `${e.action}:${e.reason}`);
      return actions.includes('identity-information-requested:pause-not-allowed') ? actions : undefined;
    });
    const after = await requestRow(id);
    expect(after).toMatchObject({ status: 'awaiting-verification', pauses: [] });
    expect(after.due_at).toEqual(before.due_at);
  });
});
