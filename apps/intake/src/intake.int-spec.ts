import { INestApplication } from '@nestjs/common';
import { authorityFor, computeDeadlines, deadlinePolicyFor, REQUEST_TYPES, rightOffered } from '@dsar/domain';
import { hashToken } from '@dsar/auth';
import { loadControllerProfiles } from '@dsar/profiles';
import { asMessage, createTestDatabase, expectEventually, TestDatabase } from '@dsar/testing';
import { createEvent, EventDataByType, EventType, EventTypes } from '@dsar/contracts';
import { EventTransport } from '@dsar/messaging';
import { EVENT_TRANSPORT } from '@dsar/platform';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { IntakeTestApp, startIntakeTestApp } from './testing/intake-test-app';
import { sampleRequest } from '@dsar/testing';

const REPO_ROOT = resolve(__dirname, '../../..');
const staffToken = randomBytes(16).toString('hex');

describe('intake (real PostgreSQL, PostgreSQL transport)', () => {
  let intake: IntakeTestApp;
  let db: TestDatabase;
  let app: INestApplication;
  let sql: Client;
  const profiles = loadControllerProfiles(join(REPO_ROOT, 'config/controllers')).profiles;

  beforeAll(async () => {
    db = await createTestDatabase('intake');
    intake = await startIntakeTestApp(db.url, {
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
      RATE_LIMIT_PER_IDENTITY_PER_HOUR: '5',
      // The tests stand behind a proxy on loopback: X-Forwarded-For names the client.
      TRUSTED_PROXIES: 'loopback',
    });
    ({ app, sql } = intake);
  });

  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api().post('/v1/requests').set(headers).send(body);
  /** The status-changed events of one request for one action, as relayed to the event log. */
  const statusEventsOf = (requestId: string, action: string) =>
    expectEventually(async () => {
      const { rows } = await sql.query(
        "SELECT value FROM messaging.events WHERE value::jsonb->>'type' = 'dsar.request.status-changed.v1' AND key = $1",
        [requestId],
      );
      const data = rows.map((row) => JSON.parse(row.value).data).filter((d) => d.action === action);
      return data.length > 0 ? data : undefined;
    });
  const uniqueEmail = () => `s.${randomUUID().slice(0, 8)}@example.org`;

  describe.each([...profiles.keys()])('controller profile %s', (controllerId) => {
    const profile = profiles.get(controllerId)!;
    const offered = REQUEST_TYPES.filter((type) => rightOffered(profile, type));

    it.each(offered)('takes a %s request to the verification step, with its due date and authority', async (type) => {
      const body = sampleRequest(type, uniqueEmail(), controllerId);
      const receivedBefore = new Date();
      const response = await submit(body).expect(201);
      expect(response.body).toMatchObject({
        status: 'awaiting-verification',
        nextStep: 'confirm-identity',
        reference: expect.stringMatching(/^DSAR-/),
      });

      const expected = computeDeadlines({ policy: deadlinePolicyFor(profile, 'FR'), requestType: type, receivedAt: receivedBefore });
      expect(response.body.dueRule).toBe(expected.due.rule);
      expect(response.body.dueBasis).toBe(expected.due.basis);
      expect(response.body.dueAt.slice(0, 10)).toBe(expected.due.at.toISOString().slice(0, 10));

      const tracked = await api()
        .get(`/v1/requests/${response.body.reference}`)
        .set('x-tracking-token', response.body.trackingToken)
        .expect(200);
      expect(tracked.body.authority.name).toBe(authorityFor(profile, 'FR').name);
      expect(tracked.body).not.toHaveProperty('subject');
      expect(JSON.stringify(tracked.body)).not.toContain('@');

      // Written to the outbox with the request, then relayed to the event log.
      const rows = await expectEventually(async () => {
        const result = await sql.query(
          "SELECT value FROM messaging.events WHERE value::jsonb->>'type' = 'dsar.request.received.v1' AND key = $1",
          [response.body.id],
        );
        return result.rows.length > 0 ? result.rows : undefined;
      });
      expect(rows).toHaveLength(1);
      const received = JSON.parse(rows[0].value).data;
      const subjectEmail = (body.subject as { email: string }).email;
      expect(received).toMatchObject({
        requestType: type,
        subjectEmail,
        contactEmail: type === 'deceased-subject' ? `heir.${subjectEmail}` : subjectEmail,
      });
    });
  });

  it('keeps the subject and the requester as distinct records', async () => {
    const email = uniqueEmail();
    const response = await submit({
      type: 'access',
      details: { scope: 'all' },
      subject: { email, dateOfBirth: '2014-02-01' },
      requester: { kind: 'parent-or-guardian', email: `parent.${email}`, relationship: 'father' },
    }).expect(201);
    const { rows } = await sql.query(
      'SELECT s.email AS subject, r.email AS requester, q.requester_kind FROM intake.requests q JOIN intake.persons s ON s.id = q.subject_id JOIN intake.persons r ON r.id = q.requester_id WHERE q.id = $1',
      [response.body.id],
    );
    expect(rows[0]).toEqual({ subject: email, requester: `parent.${email}`, requester_kind: 'parent-or-guardian' });
  });

  it('refuses a parent acting for a subject who is no longer a minor, naming the field', async () => {
    const response = await submit({
      type: 'access',
      details: { scope: 'all' },
      subject: { email: uniqueEmail(), dateOfBirth: '1990-02-01' },
      requester: { kind: 'parent-or-guardian', email: uniqueEmail() },
    }).expect(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'request-not-admissible',
      errors: [expect.objectContaining({ field: 'subject.dateOfBirth' })],
    });
  });

  it('answers bad details with a 400 naming each field, and writes nothing', async () => {
    const before = (await sql.query('SELECT count(*)::int AS n FROM intake.requests')).rows[0].n;
    const response = await submit({
      type: 'erasure',
      details: { scope: 'everything', ground: 'because', extra: 1 },
      subject: { email: uniqueEmail() },
    }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'details.extra',
      'details.ground',
      'details.scope',
    ]);
    expect((await sql.query('SELECT count(*)::int AS n FROM intake.requests')).rows[0].n).toBe(before);
  });

  it('gives a second public submission its own request, so its answer reveals nothing of the first', async () => {
    const body = sampleRequest('access', uniqueEmail());
    const first = await submit(body).expect(201);
    const second = await submit(body).expect(201);
    expect(second.body.reference).not.toBe(first.body.reference);
    expect(Object.keys(second.body).sort()).toEqual(Object.keys(first.body).sort());
    expect(second.body.status).toBe(first.body.status);
    // The second requester holds no key to the first request.
    await api().get(`/v1/requests/${first.body.reference}`).set('x-tracking-token', second.body.trackingToken).expect(404);
    await api().get(`/v1/requests/${second.body.reference}`).set('x-tracking-token', second.body.trackingToken).expect(200);
  });

  it('replays the first answer for a repeated Idempotency-Key, refuses the key with another body', async () => {
    const key = `key-${randomUUID()}`;
    const body = sampleRequest('portability', uniqueEmail());
    const first = await submit(body, { 'idempotency-key': key }).expect(201);
    const again = await submit(body, { 'idempotency-key': key }).expect(201);
    expect(again.body).toEqual(first.body);
    const other = await submit(sampleRequest('portability', uniqueEmail()), { 'idempotency-key': key }).expect(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('keeps an Idempotency-Key to its client, and keeps no tracking token in clear for replays', async () => {
    const key = `key-${randomUUID()}`;
    const body = sampleRequest('access', uniqueEmail());
    const first = await submit(body, { 'idempotency-key': key, 'x-forwarded-for': '198.51.100.7' }).expect(201);
    // The same key and body from another client is another request: it never gets the first client's token.
    const elsewhere = await submit(body, { 'idempotency-key': key, 'x-forwarded-for': '203.0.113.9' }).expect(201);
    expect(elsewhere.body.trackingToken).not.toBe(first.body.trackingToken);
    expect(elsewhere.body.id).not.toBe(first.body.id);
    const replay = await submit(body, { 'idempotency-key': key, 'x-forwarded-for': '198.51.100.7' }).expect(201);
    expect(replay.body).toEqual(first.body);
    const { rows } = await sql.query('SELECT key, response::text AS response FROM intake.idempotency_keys');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(rows)).not.toContain(first.body.trackingToken);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('sends no per-identity rate-limit header, and counts only accepted requests against an address', async () => {
    const email = uniqueEmail();
    const accepted = await submit(sampleRequest('access', email)).expect(201);
    expect(Object.keys(accepted.headers).filter((name) => /identity/i.test(name))).toEqual([]);
    // Ten refused submissions naming the address (bad details) do not block its owner.
    for (let i = 0; i < 10; i++) await submit({ ...sampleRequest('access', email), details: { scope: 'nothing-valid' } }).expect(400);
    await submit(sampleRequest('erasure', email)).expect(201);
  });

  it('counts requests per client address behind the trusted proxy, from X-Forwarded-For', async () => {
    // Passport keeps one strategy per name for the process: this second app must accept the same staff token.
    const limited = await startIntakeTestApp(db.url, {
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '2',
      TRUSTED_PROXIES: 'loopback',
    });
    try {
      const from = (address: string) =>
        request(limited.app.getHttpServer())
          .post('/v1/requests')
          .set('x-forwarded-for', address)
          .send(sampleRequest('access', uniqueEmail()));
      await from('198.51.100.1').expect(201);
      await from('198.51.100.1').expect(201);
      await from('198.51.100.1').expect(429);
      await from('198.51.100.2').expect(201);
    } finally {
      await limited.close();
    }
  });

  it('answers an unknown reference and a wrong token alike, and cancels on request', async () => {
    const created = (await submit(sampleRequest('information', uniqueEmail())).expect(201)).body;
    const wrongToken = await api().get(`/v1/requests/${created.reference}`).set('x-tracking-token', 'nope').expect(404);
    const unknown = await api().get('/v1/requests/DSAR-AAAA-AAAA').set('x-tracking-token', created.trackingToken).expect(404);
    expect({ ...wrongToken.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });

    const cancelled = await api()
      .post(`/v1/requests/${created.reference}/cancel`)
      .set('x-tracking-token', created.trackingToken)
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await api().post(`/v1/requests/${created.reference}/cancel`).set('x-tracking-token', created.trackingToken).expect(409);
    expect(again.body.code).toBe('illegal-transition');
  });

  it('limits requests per subject identity', async () => {
    const email = uniqueEmail();
    const types = ['access', 'erasure', 'restriction', 'portability', 'information'] as const;
    for (const type of types) await submit(sampleRequest(type, email)).expect(201);
    const limited = await submit(sampleRequest('rectification', email)).expect(429);
    expect(limited.body.code).toBe('too-many-requests');
  });

  it('takes supporting evidence for a rectification, checked by content and size', async () => {
    const created = (await submit(sampleRequest('rectification', uniqueEmail())).expect(201)).body;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)]);
    const added = await api()
      .post(`/v1/requests/${created.reference}/evidence`)
      .set('x-tracking-token', created.trackingToken)
      .attach('file', png, { filename: 'proof.png', contentType: 'image/png' })
      .expect(201);
    expect(added.body).toEqual({ reference: created.reference, documents: 1 });
    const { rows } = await sql.query('SELECT details FROM intake.requests WHERE id = $1', [created.id]);
    expect(rows[0].details.evidence).toEqual([expect.stringMatching(new RegExp(`^evidence/${created.id}/.+\\.png$`))]);

    const disguised = await api()
      .post(`/v1/requests/${created.reference}/evidence`)
      .set('x-tracking-token', created.trackingToken)
      .attach('file', Buffer.from('MZ\x90\x00 not an image'), { filename: 'proof.png', contentType: 'image/png' })
      .expect(415);
    expect(disguised.body.code).toBe('unsupported-document-type');
    const oversized = await api()
      .post(`/v1/requests/${created.reference}/evidence`)
      .set('x-tracking-token', created.trackingToken)
      .attach('file', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(11 * 1024 * 1024)]), {
        filename: 'big.pdf',
        contentType: 'application/pdf',
      })
      .expect(413);
    expect(oversized.headers['content-type']).toContain('application/problem+json');
    await api()
      .post(`/v1/requests/${created.reference}/evidence`)
      .set('x-tracking-token', 'wrong')
      .attach('file', png, 'p.png')
      .expect(404);
  });

  it('lets staff register a letter received by post, with its real date of receipt', async () => {
    const body = { ...sampleRequest('erasure', uniqueEmail(), 'demo') };
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);
    const registered = await api()
      .post('/v1/staff/requests')
      .set('authorization', `Bearer ${staffToken}`)
      .field('channel', 'post')
      .field('receivedAt', '2026-11-16T08:00:00.000Z')
      .field('request', JSON.stringify(body))
      .attach('letter', pdf, { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(201);
    const { rows } = await sql.query('SELECT channel, received_at, letter_key, registered_by FROM intake.requests WHERE id = $1', [
      registered.body.id,
    ]);
    expect(rows[0]).toMatchObject({
      channel: 'post',
      received_at: new Date('2026-11-16T08:00:00.000Z'),
      letter_key: expect.stringMatching(/^letters\/.+\/letter\.pdf$/),
    });

    const disguised = await api()
      .post('/v1/staff/requests')
      .set('authorization', `Bearer ${staffToken}`)
      .field('channel', 'post')
      .field('receivedAt', '2026-11-16T08:00:00.000Z')
      .field('request', JSON.stringify({ ...body, subject: { email: uniqueEmail() } }))
      .attach('letter', Buffer.from('#!/bin/sh\necho not a pdf\n'), { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(disguised.body.code).toBe('unsupported-letter-type');

    await api().post('/v1/staff/requests').field('channel', 'post').expect(401);
  });

  it('records every transition in a hash chain that verifies, refuses edits, and detects tampering', async () => {
    const created = (await submit(sampleRequest('objection', uniqueEmail())).expect(201)).body;
    await api().post(`/v1/requests/${created.reference}/cancel`).set('x-tracking-token', created.trackingToken).expect(200);
    const { rows } = await sql.query(
      'SELECT sequence, action, from_status, to_status FROM intake.audit_entries WHERE request_id = $1 ORDER BY sequence',
      [created.id],
    );
    expect(rows).toEqual([
      { sequence: 1, action: 'received', from_status: null, to_status: 'received' },
      { sequence: 2, action: 'request-verification', from_status: 'received', to_status: 'awaiting-verification' },
      { sequence: 3, action: 'cancel', from_status: 'awaiting-verification', to_status: 'cancelled' },
    ]);

    const verify = () =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/intake/src/audit/verify-audit-trail.ts'], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: db.url },
        encoding: 'utf8',
      });
    const clean = verify();
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/request trails checked, 0 broken/);

    await expect(sql.query("UPDATE intake.audit_entries SET reason = 'rewritten' WHERE request_id = $1", [created.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(sql.query('DELETE FROM intake.audit_entries WHERE request_id = $1', [created.id])).rejects.toThrow(/append-only/);

    // Someone with the power to disable the trigger edits history: the chain tells.
    await sql.query('ALTER TABLE intake.audit_entries DISABLE TRIGGER audit_entries_append_only');
    await sql.query("UPDATE intake.audit_entries SET actor_id = 'mallory' WHERE request_id = $1 AND sequence = 2", [created.id]);
    await sql.query('ALTER TABLE intake.audit_entries ENABLE TRIGGER audit_entries_append_only');
    const tampered = verify();
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`BROKEN ${created.id}: entry 2: content does not match its hash`);
  });

  describe('DPO decisions', () => {
    const staff = () => ({ authorization: `Bearer ${staffToken}` });

    it('pauses the clock while waiting for a clarification and moves the due date by the days paused', async () => {
      const created = (await submit(sampleRequest('access', uniqueEmail())).expect(201)).body;
      const paused = await api()
        .post(`/v1/staff/requests/${created.reference}/pause`)
        .set(staff())
        .send({ cause: 'awaiting-clarification', note: 'Which account?' })
        .expect(200);
      expect(paused.body).toMatchObject({ status: 'paused', pauseCause: 'awaiting-clarification', nextStep: 'answer-clarification' });
      // The request came in ten days ago; the clock stopped five days ago, and the requester answers now.
      await sql.query(
        `UPDATE intake.requests SET received_at = now() - interval '10 days',
           pauses = jsonb_build_array(jsonb_set(pauses -> 0, '{from}', to_jsonb(to_char((now() - interval '5 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))))
         WHERE reference = $1`,
        [created.reference],
      );
      const resumed = await api().post(`/v1/staff/requests/${created.reference}/resume`).set(staff()).expect(200);
      expect(resumed.body.status).toBe('awaiting-verification');
      const { rows } = await sql.query('SELECT received_at, pauses FROM intake.requests WHERE reference = $1', [created.reference]);
      expect(rows[0].pauses).toEqual([expect.objectContaining({ cause: 'awaiting-clarification', to: expect.any(String) })]);
      const unpaused = computeDeadlines({
        policy: deadlinePolicyFor(profiles.get('demo')!, 'FR'),
        requestType: 'access',
        receivedAt: rows[0].received_at,
      });
      const moved = (new Date(resumed.body.dueAt).getTime() - unpaused.due.at.getTime()) / 86_400_000;
      // Five calendar days later, give or take the weekend or holiday either date was moved off.
      expect(moved).toBeGreaterThanOrEqual(2);
      expect(moved).toBeLessThanOrEqual(8);
      const trail = await api().get(`/v1/staff/requests/${created.reference}/audit`).set(staff()).expect(200);
      expect(trail.body.verdict.valid).toBe(true);
      expect(trail.body.entries.map((e: { action: string }) => e.action)).toEqual([
        'received',
        'request-verification',
        'pause',
        'resume',
        'due-date-moved',
      ]);
      expect(trail.body.entries[4].details).toMatchObject({ pausedDays: 5 });
    });

    it('extends once, with reasons, to the date the regime allows', async () => {
      const created = (await submit(sampleRequest('erasure', uniqueEmail())).expect(201)).body;
      const extended = await api()
        .post(`/v1/staff/requests/${created.reference}/extend`)
        .set(staff())
        .send({ reasons: 'Twelve systems hold data about this subject.' })
        .expect(200);
      const gained = (new Date(extended.body.dueAt).getTime() - new Date(created.dueAt).getTime()) / 86_400_000;
      expect(gained).toBeGreaterThan(55);
      expect(extended.body.dueRule).toMatch(/extended/);
      const again = await api()
        .post(`/v1/staff/requests/${created.reference}/extend`)
        .set(staff())
        .send({ reasons: 'Still more systems to search.' })
        .expect(409);
      expect(again.body.code).toBe('already-extended');
      const [extendEvent] = await statusEventsOf(created.id, 'extend');
      expect(extendEvent).toMatchObject({ explanation: 'Twelve systems hold data about this subject.', reason: 'extension' });
    });

    it('never refuses an objection to direct marketing on its merits', async () => {
      const created = (await submit(sampleRequest('objection', uniqueEmail())).expect(201)).body;
      const refused = await api()
        .post(`/v1/staff/requests/${created.reference}/reject`)
        .set(staff())
        .send({ reason: 'manifestly-unfounded', explanation: 'We think it is unfounded.' })
        .expect(422);
      expect(refused.body.code).toBe('refusal-not-allowed');
      const rejected = await api()
        .post(`/v1/staff/requests/${created.reference}/reject`)
        .set(staff())
        .send({ reason: 'identity-not-verified', explanation: 'The code was never entered.' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'identity-not-verified' });
      const [rejectEvent] = await statusEventsOf(created.id, 'reject');
      expect(rejectEvent).toMatchObject({ reason: 'identity-not-verified', explanation: 'The code was never entered.' });
      await api().post(`/v1/staff/requests/${created.reference}/resume`).set(staff()).expect(409);
      await api().post(`/v1/staff/requests/${created.reference}/extend`).send({ reasons: 'no token at all here' }).expect(401);
    });
  });

  /** Another service's event about a request, delivered to intake through its transport. */
  async function deliver<T extends EventType>(type: T, requestId: string, data: EventDataByType[T]): Promise<void> {
    const event = createEvent({ type, source: 'dsar/test', subject: requestId, controllerId: 'demo', data });
    await app.get<EventTransport>(EVENT_TRANSPORT).publish([asMessage(event)]);
  }
  const trackedStatus = async (created: { reference: string; trackingToken: string }) =>
    (await api().get(`/v1/requests/${created.reference}`).set('x-tracking-token', created.trackingToken)).body.status;
  const becomes = (created: { reference: string; trackingToken: string }, status: string) =>
    expectEventually(async () => ((await trackedStatus(created)) === status ? true : undefined), { what: `the request ${status}` });

  async function inProgress() {
    const created = (await submit(sampleRequest('access', uniqueEmail())).expect(201)).body;
    await deliver(EventTypes.VerificationSucceeded, created.id, {
      requestId: created.id,
      challengeId: randomUUID(),
      method: 'email-code',
      verifiedAt: new Date().toISOString(),
      identities: { email: 'x@example.org' },
      language: 'en',
    });
    await becomes(created, 'in-progress');
    return created;
  }

  it('follows the other services: verified, then in progress', async () => {
    const created = await inProgress();
    expect((await statusEventsOf(created.id, 'start-fulfilment'))[0]).toMatchObject({ fromStatus: 'verified', toStatus: 'in-progress' });
  });

  it('completes a request when fulfilment reports its reply ready: the status change fulfilment hands the reply over on', async () => {
    const created = await inProgress();
    await deliver(EventTypes.FulfilmentReplyReady, created.id, {
      requestId: created.id,
      packageVersion: 1,
      readyAt: new Date().toISOString(),
    });
    await becomes(created, 'completed');
    expect((await statusEventsOf(created.id, 'complete'))[0]).toMatchObject({
      fromStatus: 'in-progress',
      toStatus: 'completed',
      actorKind: 'service',
    });
  });

  it('rejects a request whose reply the DPO refused in review, with the reason and the words the requester is told', async () => {
    const created = await inProgress();
    await deliver(EventTypes.FulfilmentReplyRejected, created.id, {
      requestId: created.id,
      reason: 'rights-of-others',
      explanation: 'The recordings show other customers.',
      rejectedAt: new Date().toISOString(),
    });
    await becomes(created, 'rejected');
    expect((await statusEventsOf(created.id, 'reject'))[0]).toMatchObject({
      toStatus: 'rejected',
      reason: 'rights-of-others',
      explanation: 'The recordings show other customers.',
    });
  });

  it('leaves a cancelled request cancelled when a ready reply arrives after the cancellation', async () => {
    const created = await inProgress();
    await api().post(`/v1/requests/${created.reference}/cancel`).set('x-tracking-token', created.trackingToken).expect(200);
    await deliver(EventTypes.FulfilmentReplyReady, created.id, {
      requestId: created.id,
      packageVersion: 1,
      readyAt: new Date().toISOString(),
    });
    // A later event of the same request is applied after it, so the ready reply was read (and changed nothing).
    await deliver(EventTypes.FulfilmentAttentionRequired, created.id, {
      requestId: created.id,
      reason: 'review-required',
      dueAt: new Date().toISOString(),
      raisedAt: new Date().toISOString(),
    });
    await expectEventually(async () => {
      const { rows } = await sql.query(
        "SELECT 1 FROM intake.inbox WHERE event_type = $1 AND event_id IN (SELECT value::jsonb->>'id' FROM messaging.events WHERE key = $2)",
        [EventTypes.FulfilmentAttentionRequired, created.id],
      );
      return rows.length === 1 ? true : undefined;
    });
    expect(await trackedStatus(created)).toBe('cancelled');
    const trail = await sql.query('SELECT action FROM intake.audit_entries WHERE request_id = $1 ORDER BY sequence', [created.id]);
    expect(trail.rows.map((row: { action: string }) => row.action)).not.toContain('complete');
  });
});
