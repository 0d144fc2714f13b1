import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken, sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { createEvent, DsarEvent, EventType, EventTypes, topicOf } from '@dsar/contracts';
import { EventTransport } from '@dsar/messaging';
import { EVENT_TRANSPORT, secureHeaders, strictValidationPipe } from '@dsar/platform';
import { loadControllerProfiles } from '@dsar/profiles';
import { createTestDatabase, expectEventually, TestDatabase } from '@dsar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { loadIdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';
import { VerificationSweeps } from './sweeps/verification-sweeps';

const REPO_ROOT = resolve(__dirname, '../../..');
/** The systems of the demo controller a collector can query. */
const demoSystems = () =>
  loadControllerProfiles(join(REPO_ROOT, 'config/controllers'))
    .profiles.get('demo')!
    .systems.filter((s) => s.kind !== 'manual')
    .map((s) => s.id);
const staffToken = randomBytes(16).toString('hex');
const DAY_MS = 86_400_000;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200)]);

/** The shipped profiles, plus one that accepts known identifiers in place of an e-mailed code. */
async function profilesDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dsar-identity-profiles-'));
  for (const name of ['demo.yaml', '1to1-consulting.yaml']) await copyFile(join(REPO_ROOT, 'config/controllers', name), join(dir, name));
  const demo = await readFile(join(REPO_ROOT, 'config/controllers/demo.yaml'), 'utf8');
  const identifiers = demo
    .replace(/^id: demo$/m, 'id: demo-identifiers')
    .replace('    accepted: [account-login, email-code]\n', '    accepted: [known-identifiers, id-document]\n');
  expect(identifiers).toContain('accepted: [known-identifiers, id-document]');
  await writeFile(join(dir, 'demo-identifiers.yaml'), identifiers);
  return dir;
}

describe('identity (real PostgreSQL, PostgreSQL transport)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sql: Client;
  let storageDir: string;
  let config: ReturnType<typeof loadIdentityConfig>;
  const subjectSecretKey = randomBytes(32).toString('base64');
  /** The code or link a challenge carries, opened as notification opens it. */
  const secretOf = (issued: DsarEvent<typeof EventTypes.VerificationChallengeIssued>) =>
    new SubjectSecretSealer(subjectSecretKey).open(issued.data.sealedSecret, sealingContext(issued.type, issued.data.requestId));

  beforeAll(async () => {
    db = await createTestDatabase('identity');
    storageDir = await mkdtemp(join(tmpdir(), 'dsar-identity-'));
    config = loadIdentityConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STORAGE_DIR: storageDir,
      STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      IDENTITY_CODE_SECRET: randomBytes(32).toString('hex'),
      SUBJECT_SECRET_KEY: subjectSecretKey,
      PROFILES_DIR: await profilesDir(),
      DOCUMENT_MAX_BYTES: String(64 * 1024),
      DOCUMENT_RETENTION_DAYS: '7',
      SWEEP_INTERVAL_SECONDS: '86400',
    });
    app = await NestFactory.create(IdentityModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    secureHeaders(app);
    await app.init();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  const api = () => request(app.getHttpServer());
  const staff = (req: request.Test) => req.set('authorization', `Bearer ${staffToken}`);

  async function publish(event: DsarEvent) {
    await app
      .get<EventTransport>(EVENT_TRANSPORT)
      .publish([{ topic: topicOf(event.type), key: event.subject, value: JSON.stringify(event) }]);
  }

  async function eventsOf<T extends EventType>(type: T, requestId: string): Promise<DsarEvent<T>[]> {
    const { rows } = await sql.query("SELECT value FROM messaging.events WHERE value::jsonb->>'type' = $1 AND key = $2 ORDER BY seq", [
      type,
      requestId,
    ]);
    return rows.map((row: { value: string }) => JSON.parse(row.value));
  }

  async function eventually<T extends EventType>(type: T, requestId: string, count = 1): Promise<DsarEvent<T>[]> {
    return expectEventually(
      async () => {
        const events = await eventsOf(type, requestId);
        return events.length >= count ? events : undefined;
      },
      { what: `${count} × ${type}` },
    );
  }

  /** A request as intake announces it; resolves once identity sent the first code. */
  async function received(
    options: {
      controllerId?: string;
      requestType?: string;
      requesterKind?: string;
      subjectEmail?: string;
      contactEmail?: string;
      details?: Record<string, unknown>;
    } = {},
  ) {
    const requestId = randomUUID();
    const email = options.subjectEmail ?? `s.${requestId.slice(0, 8)}@example.org`;
    const requesterKind = options.requesterKind ?? 'subject';
    await publish(
      createEvent({
        type: EventTypes.RequestReceived,
        source: 'dsar/intake',
        subject: requestId,
        controllerId: options.controllerId ?? 'demo',
        data: {
          requestId,
          reference: `DSAR-${randomBytes(2).toString('hex').toUpperCase()}-TEST`,
          requestType: (options.requestType ?? 'access') as 'access',
          channel: 'api',
          receivedAt: new Date().toISOString(),
          dueAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
          dueRule: 'eu-gdpr:art-12-3:one-month',
          requesterKind: requesterKind as 'subject',
          contactEmail: options.contactEmail ?? (requesterKind === 'subject' ? email : `rep.${email}`),
          subjectEmail: email,
          language: 'en',
          ...(options.details ? { details: options.details } : {}),
        },
      }),
    );
    const [issued] = await eventually(EventTypes.VerificationChallengeIssued, requestId);
    return { requestId, code: secretOf(issued), email };
  }

  const submitCode = (requestId: string, code: string) => api().post(`/v1/requests/${requestId}/verification`).send({ code });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  async function verificationOf(requestId: string) {
    const { rows } = await sql.query('SELECT * FROM identity.verifications WHERE request_id = $1', [requestId]);
    return rows[0];
  }

  /** Proves the address of a request whose policy asks more; returns the token for the next steps. */
  async function proveAddress(options: Parameters<typeof received>[0]) {
    const { requestId, code } = await received(options);
    const response = await submitCode(requestId, code).expect(200);
    expect(response.body).toMatchObject({ status: 'more-proof-needed', verificationToken: expect.any(String) });
    return { requestId, token: response.body.verificationToken as string, nextStep: response.body.nextStep as string };
  }

  const upload = (requestId: string, token: string | undefined, file: Buffer, fields: Record<string, string>, filename = 'id.png') => {
    const req = api().post(`/v1/requests/${requestId}/verification/documents`);
    if (token) req.set('x-verification-token', token);
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return req.attach('file', file, filename);
  };

  describe('e-mail one-time code', () => {
    it('stores the code only as an HMAC and verifies the right one, once', async () => {
      const { requestId, code, email } = await received();
      const { rows } = await sql.query('SELECT * FROM identity.challenges WHERE request_id = $1', [requestId]);
      expect(JSON.stringify(rows[0])).not.toContain(code);
      expect(rows[0].code_hash).toMatch(/^[a-f0-9]{64}$/);

      await submitCode(requestId, code).expect(200, { requestId, status: 'verified' });
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data).toMatchObject({ method: 'email-code', identities: { email } });

      // Replay of a used code.
      const replay = await submitCode(requestId, code).expect(404);
      expect(replay.body.code).toBe('no-pending-verification');
      expect(await eventsOf(EventTypes.VerificationSucceeded, requestId)).toHaveLength(1);
    });

    it('refuses an expired code with 410 and fails the verification once its time is up', async () => {
      const { requestId, code } = await received();
      await sql.query("UPDATE identity.challenges SET expires_at = now() - interval '1 second' WHERE request_id = $1", [requestId]);
      expect((await submitCode(requestId, code).expect(410)).body.code).toBe('code-expired');

      const sweeps = app.get(VerificationSweeps);
      expect(await sweeps.expire(new Date(Date.now() + 29 * DAY_MS))).toBe(0);
      await sweeps.expire(new Date(Date.now() + 31 * DAY_MS));
      const [failed] = await eventually(EventTypes.VerificationFailed, requestId);
      expect(failed.data).toMatchObject({ reason: 'expired', contactEmail: expect.stringContaining('@') });
      expect((await verificationOf(requestId)).status).toBe('failed');
    });

    it('counts wrong codes per code and, across codes, per verification: too many lock it for a while, never fail it', async () => {
      const { requestId, code } = await received();
      for (let left = 4; left >= 1; left -= 1) {
        const response = await submitCode(requestId, wrong(code)).expect(422);
        expect(response.body).toMatchObject({ code: 'invalid-code', detail: expect.stringContaining(`Attempts left: ${left}`) });
      }
      // The fifth wrong code uses this code up: even the right one no longer works, a new one is needed.
      expect((await submitCode(requestId, wrong(code)).expect(429)).body.code).toBe('too-many-attempts');
      expect((await submitCode(requestId, code).expect(429)).body.code).toBe('too-many-attempts');

      const backdate = (column: string, interval: string) =>
        sql.query(`UPDATE identity.${column} = now() - interval '${interval}' WHERE request_id = $1`, [requestId]);
      await backdate('challenges SET last_sent_at', '2 minutes');
      await api().post(`/v1/requests/${requestId}/verification/resend`).send({}).expect(202);
      const second = secretOf((await eventually(EventTypes.VerificationChallengeIssued, requestId, 2))[1]);
      for (let left = 4; left >= 1; left -= 1) {
        const response = await submitCode(requestId, wrong(second)).expect(422);
        expect(response.body.detail).toContain(`Attempts left: ${left}`);
      }
      // The tenth wrong code of the verification locks it: the right code and new codes are refused until it opens.
      const locked = await submitCode(requestId, wrong(second)).expect(429);
      expect(locked.body).toMatchObject({ code: 'verification-locked', detail: expect.stringContaining('The request stays open') });
      expect((await submitCode(requestId, second).expect(429)).body.code).toBe('verification-locked');
      await backdate('challenges SET last_sent_at', '2 hours');
      expect((await api().post(`/v1/requests/${requestId}/verification/resend`).send({}).expect(429)).body.code).toBe(
        'verification-locked',
      );

      const [alert] = await eventually(EventTypes.FulfilmentAttentionRequired, requestId);
      expect(alert.data).toMatchObject({ reason: 'verification-locked', lockedUntil: expect.any(String) });
      expect(Date.parse(alert.data.lockedUntil!) - Date.now()).toBeGreaterThan(55 * 60_000);
      expect(await eventsOf(EventTypes.VerificationFailed, requestId)).toHaveLength(0);
      expect((await verificationOf(requestId)).status).toBe('pending');

      // Once the lock has passed (VERIFICATION_LOCK_MINUTES), a new code works.
      await backdate('verifications SET locked_until', '1 second');
      await api().post(`/v1/requests/${requestId}/verification/resend`).send({}).expect(202);
      const third = secretOf((await eventually(EventTypes.VerificationChallengeIssued, requestId, 3))[2]);
      expect((await submitCode(requestId, third).expect(200)).body.status).toBe('verified');
      expect((await sql.query('SELECT code_hash FROM identity.challenges WHERE request_id = $1', [requestId])).rows).toEqual([
        { code_hash: '' },
      ]);
    });

    it('throttles resending, replaces the previous code, and spaces further codes ever wider', async () => {
      const { requestId, code } = await received();
      const resend = () => api().post(`/v1/requests/${requestId}/verification/resend`).send({});
      expect((await resend().expect(429)).body.code).toBe('resend-too-soon');

      const backdate = (interval: string) =>
        sql.query(`UPDATE identity.challenges SET last_sent_at = now() - interval '${interval}' WHERE request_id = $1`, [requestId]);
      await backdate('90 seconds');
      await resend().expect(202);
      const issued = await eventually(EventTypes.VerificationChallengeIssued, requestId, 2);
      const fresh = secretOf(issued[1]);
      expect(fresh).toMatch(/^\d{6}$/);
      if (fresh !== code) expect((await submitCode(requestId, code).expect(422)).body.code).toBe('invalid-code');

      await backdate('90 seconds');
      await resend().expect(202);
      await backdate('90 seconds');
      await resend().expect(202);
      // CODE_MAX_RESENDS (3) codes a minute apart; the next waits two minutes, the one after four.
      await backdate('90 seconds');
      expect((await resend().expect(429)).body.code).toBe('resend-too-soon');
      await backdate('150 seconds');
      await resend().expect(202);
      await backdate('150 seconds');
      expect((await resend().expect(429)).body.code).toBe('resend-too-soon');
      const last = secretOf((await eventually(EventTypes.VerificationChallengeIssued, requestId, 5))[4]);
      await submitCode(requestId, last).expect(200);
    });
  });

  describe('magic link', () => {
    it('sends a link; opening it consumes nothing, confirming it verifies, and it cannot be replayed', async () => {
      const { requestId } = await received();
      await sql.query("UPDATE identity.challenges SET last_sent_at = now() - interval '2 minutes' WHERE request_id = $1", [requestId]);
      await api().post(`/v1/requests/${requestId}/verification/resend`).send({ method: 'magic-link' }).expect(202);
      const [, issued] = await eventually(EventTypes.VerificationChallengeIssued, requestId, 2);
      expect(issued.data).toMatchObject({ method: 'magic-link' });
      expect(issued.data).not.toHaveProperty('code');
      const link = new URL(secretOf(issued));
      const token = link.searchParams.get('token') as string;
      expect(link.pathname).toBe(`/v1/requests/${requestId}/verification/link`);

      const page = await api().get(`${link.pathname}${link.search}`).expect(200);
      expect(page.text).toContain('<form method="post"');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect((await verificationOf(requestId)).status).toBe('pending');

      await api().post(link.pathname).type('form').send({ token }).expect(200, { requestId, status: 'verified' });
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data.method).toBe('magic-link');
      await api().post(link.pathname).send({ token }).expect(404);
    });

    it('refuses a forged token as a wrong attempt', async () => {
      const { requestId } = await received();
      const response = await api()
        .post(`/v1/requests/${requestId}/verification/link`)
        .send({ token: randomBytes(32).toString('base64url') });
      expect(response.status).toBe(422);
    });
  });

  describe('ID documents', () => {
    it('asks an ID copy where the profile demands one, and not for a low-risk request', async () => {
      const strict = await proveAddress({ controllerId: '1to1-consulting', requestType: 'access' });
      expect(strict.nextStep).toBe('id-document');
      const { requestId, code } = await received({ controllerId: '1to1-consulting', requestType: 'consent-withdrawal' });
      await submitCode(requestId, code).expect(200, { requestId, status: 'verified' });
    });

    it('takes PDF, JPEG or PNG by content only, refuses a disguised file, an oversized one and a missing token', async () => {
      const { requestId, token } = await proveAddress({ controllerId: '1to1-consulting' });
      await upload(requestId, undefined, PNG, { purpose: 'id-document' }).expect(401);
      const refused = await upload(requestId, 'not-the-token', PNG, { purpose: 'id-document' }).expect(401);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      await upload('not-a-request-id', token, PNG, { purpose: 'id-document' }).expect(401);
      await upload(randomUUID(), token, PNG, { purpose: 'id-document' }).expect(401);
      const disguised = await upload(
        requestId,
        token,
        Buffer.from('MZ\x90\x00 this is an executable'),
        { purpose: 'id-document' },
        'passport.pdf',
      ).expect(415);
      expect(disguised.body.code).toBe('unsupported-document-type');
      const oversized = await upload(
        requestId,
        token,
        Buffer.concat([PDF, Buffer.alloc(65 * 1024)]),
        { purpose: 'id-document' },
        'big.pdf',
      );
      expect(oversized.status).toBe(413);
      expect(oversized.headers['content-type']).toContain('application/problem+json');
      await upload(requestId, token, PNG, { purpose: 'authority-proof', proofKind: 'mandate' }).expect(422);
      const { rows } = await sql.query(
        'SELECT count(*)::int AS n FROM identity.documents d JOIN identity.verifications v ON v.id = d.verification_id WHERE v.request_id = $1',
        [requestId],
      );
      expect(rows[0].n).toBe(0);
      expect(await eventsOf(EventTypes.VerificationReviewRequested, requestId)).toHaveLength(0);
    });

    it('stores the copy encrypted, puts it before the DPO, logs every view, and destroys it days after the decision', async () => {
      const { requestId, token } = await proveAddress({ controllerId: '1to1-consulting' });
      const uploaded = await upload(requestId, token, PNG, { purpose: 'id-document' }, 'scan.jpg').expect(201);
      expect(uploaded.body.status).toBe('awaiting-review');
      const [review] = await eventually(EventTypes.VerificationReviewRequested, requestId);
      expect(review.data.reason).toBe('id-document');

      const { rows: docs } = await sql.query('SELECT * FROM identity.documents WHERE id = $1', [uploaded.body.documentId]);
      const blobPath = join(storageDir, `${docs[0].blob_key}.enc`);
      const onDisk = await readFile(blobPath);
      expect(onDisk.includes(PNG.subarray(8, 64))).toBe(false);

      await api().get('/v1/staff/verifications').expect(401);
      const queue = await staff(api().get('/v1/staff/verifications')).expect(200);
      const item = queue.body.find((v: { requestId: string }) => v.requestId === requestId);
      expect(item).toMatchObject({ status: 'awaiting-review', reviewReason: 'id-document', documents: [{ contentType: 'image/png' }] });
      expect(JSON.stringify(item)).not.toContain('@');

      const viewed = await staff(api().get(`/v1/staff/verifications/${item.id}/documents/${uploaded.body.documentId}`))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(viewed.headers['content-type']).toBe('image/png');
      expect(viewed.headers['content-disposition']).toMatch(/^attachment/);
      expect(viewed.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(viewed.body as Buffer, PNG)).toBe(0);

      const decided = await staff(api().post(`/v1/staff/verifications/${item.id}/approve`))
        .send({ note: 'ID checked' })
        .expect(200);
      expect(decided.body.status).toBe('verified');
      expect(decided.body.log.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['document-viewed', 'approved', 'verified']),
      );
      expect(decided.body.log.find((e: { action: string }) => e.action === 'document-viewed').actor).toMatch(/^staff:/);
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data.method).toBe('staff-review');

      const sweeps = app.get(VerificationSweeps);
      expect(await sweeps.destroyDocuments(new Date(Date.now() + 6 * DAY_MS))).toBe(0);
      expect(existsSync(blobPath)).toBe(true);
      expect(await sweeps.destroyDocuments(new Date(Date.now() + 8 * DAY_MS))).toBeGreaterThanOrEqual(1);
      expect(existsSync(blobPath)).toBe(false);
      expect(existsSync(join(storageDir, 'identity', requestId))).toBe(false);
      const after = await staff(api().get(`/v1/staff/verifications/${item.id}/documents/${uploaded.body.documentId}`)).expect(410);
      expect(after.body.code).toBe('document-destroyed');
      // The decision is kept.
      expect(await verificationOf(requestId)).toMatchObject({ status: 'verified', decided_by: expect.stringMatching(/^staff:/) });
    });

    it('lets the DPO ask for more, then reject with a reason the requester is told', async () => {
      const { requestId, token } = await proveAddress({ controllerId: '1to1-consulting' });
      await upload(requestId, token, PDF, { purpose: 'id-document' }, 'id.pdf').expect(201);
      const { id } = await verificationOf(requestId);
      await staff(api().post(`/v1/staff/verifications/${id}/request-information`))
        .send({})
        .expect(400);
      await staff(api().post(`/v1/staff/verifications/${id}/request-information`))
        .send({ message: 'The copy is unreadable: please send a sharper scan.' })
        .expect(200);
      const [asked] = await eventually(EventTypes.VerificationInformationRequested, requestId);
      expect(asked.data).toMatchObject({
        verificationId: id,
        message: expect.stringContaining('sharper'),
        contactEmail: expect.any(String),
      });

      await upload(requestId, token, PNG, { purpose: 'id-document' }).expect(201);
      await eventually(EventTypes.VerificationReviewRequested, requestId, 2);

      await staff(api().post(`/v1/staff/verifications/${id}/reject`))
        .send({ reason: 'made-up', explanation: 'x' })
        .expect(400);
      await staff(api().post(`/v1/staff/verifications/${id}/reject`))
        .send({ reason: 'document-rejected', explanation: 'The name on the document is not the requester’s.' })
        .expect(200);
      const [failed] = await eventually(EventTypes.VerificationFailed, requestId);
      expect(failed.data).toMatchObject({ reason: 'document-rejected', explanation: expect.stringContaining('name on the document') });
      await staff(api().post(`/v1/staff/verifications/${id}/approve`))
        .send({})
        .expect(409);
      const { rows } = await sql.query('SELECT destroy_after FROM identity.documents WHERE verification_id = $1', [id]);
      expect(rows.every((r: { destroy_after: Date | null }) => r.destroy_after !== null)).toBe(true);
    });
  });

  describe('representatives', () => {
    it('checks a parent acts for a minor under the profile threshold', async () => {
      const { requestId, token, nextStep } = await proveAddress({ requesterKind: 'parent-or-guardian' });
      expect(nextStep).toBe('authority-proof');
      const adult = await upload(requestId, token, PDF, {
        purpose: 'authority-proof',
        proofKind: 'family-record-book',
        subjectDateOfBirth: '1990-01-01',
      }).expect(422);
      expect(adult.body.code).toBe('subject-not-a-minor');
      await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'family-record-book' }).expect(422);
      const minor = new Date(Date.now() - 10 * 365 * DAY_MS).toISOString().slice(0, 10);
      await upload(requestId, token, PDF, {
        purpose: 'authority-proof',
        proofKind: 'family-record-book',
        subjectDateOfBirth: minor,
      }).expect(201);
      const [review] = await eventually(EventTypes.VerificationReviewRequested, requestId);
      expect(review.data.reason).toBe('representative-proof');
    });

    it('asks an heir for the death certificate and the proof of the link', async () => {
      const { requestId, token } = await proveAddress({ requesterKind: 'heir', requestType: 'erasure' });
      await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'mandate' }).expect(422);
      const first = await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'heirship-certificate' }).expect(201);
      expect(first.body.status).toBe('pending');
      const second = await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'death-certificate' }).expect(201);
      expect(second.body.status).toBe('awaiting-review');
      const { id } = await verificationOf(requestId);
      await staff(api().post(`/v1/staff/verifications/${id}/reject`))
        .send({ reason: 'proof-of-authority-rejected', explanation: 'The certificate names another person.' })
        .expect(200);
      const [failed] = await eventually(EventTypes.VerificationFailed, requestId);
      expect(failed.data.reason).toBe('proof-of-authority-rejected');
    });

    it('shows the DPO whether a confirmed post-mortem directive designates the person acting for the deceased', async () => {
      const deceased = `d.${randomUUID().slice(0, 8)}@example.org`;
      const designee = `designee.${randomUUID().slice(0, 8)}@example.org`;
      const directive = await received({
        requestType: 'post-mortem-directive',
        subjectEmail: deceased,
        details: { action: 'register', scope: 'general', designatedPerson: { fullName: 'Byron', email: designee } },
      });
      const checkFor = async (requesterKind: string, contactEmail: string) => {
        const { requestId } = await received({ requestType: 'deceased-subject', requesterKind, subjectEmail: deceased, contactEmail });
        const { id } = await verificationOf(requestId);
        return (await staff(api().get(`/v1/staff/verifications/${id}`)).expect(200)).body.directiveCheck;
      };
      // Not yet confirmed by its author: it counts for nothing.
      expect(await checkFor('designated-person', designee)).toBe('none');
      await submitCode(directive.requestId, directive.code).expect(200);
      expect(await checkFor('designated-person', designee)).toBe('designates-requester');
      expect(await checkFor('designated-person', `other.${designee}`)).toBe('designates-someone-else');
      expect(await checkFor('heir', `heir.${deceased}`)).toBe('designates-someone-else');
      const { rows } = await sql.query('SELECT * FROM identity.post_mortem_designations WHERE request_id = $1', [directive.requestId]);
      expect(JSON.stringify(rows)).not.toContain('@');
    });

    it('asks an agent for a signed mandate; once the DPO approves it, the subject confirms from their own address', async () => {
      const { requestId, token } = await proveAddress({ requesterKind: 'agent' });
      await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'mandate' }).expect(201);
      const { id, subject_email: subjectEmail } = await verificationOf(requestId);
      const shown = await staff(api().get(`/v1/staff/verifications/${id}`)).expect(200);
      expect(shown.body).toMatchObject({
        reviewReason: 'representative-proof',
        confirmWithSubject: true,
        authorityProofs: ['mandate', 'power-of-attorney'],
      });
      await staff(api().post(`/v1/staff/verifications/${id}/approve`))
        .send({})
        .expect(200);
      const [, asked] = await eventually(EventTypes.VerificationChallengeIssued, requestId, 2);
      expect(asked.data).toMatchObject({ method: 'magic-link', recipient: subjectEmail, purpose: 'subject-confirmation' });
      expect(Date.parse(asked.data.expiresAt) - Date.now()).toBeGreaterThan(DAY_MS);
      const link = new URL(secretOf(asked));
      expect(link.pathname).toBe(`/v1/requests/${requestId}/verification/subject-confirmation`);
      expect(await eventsOf(EventTypes.VerificationSucceeded, requestId)).toHaveLength(0);
      // The agent's own link or code does not stand in for the subject's.
      await api()
        .post(`/v1/requests/${requestId}/verification/link`)
        .send({ token: link.searchParams.get('token') })
        .expect(404);

      await api().get(`${link.pathname}${link.search}`).expect(200);
      await api()
        .post(link.pathname)
        .type('form')
        .send({ token: link.searchParams.get('token') })
        .expect(200, { requestId, status: 'confirmed' });
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data).toMatchObject({ method: 'magic-link', contactEmail: expect.stringMatching(/^rep\./) });
      await api()
        .post(link.pathname)
        .send({ token: link.searchParams.get('token') })
        .expect(404);
    });

    it('does not ask the subject again under a power of attorney', async () => {
      const { requestId, token } = await proveAddress({ requesterKind: 'agent' });
      await upload(requestId, token, PDF, { purpose: 'authority-proof', proofKind: 'power-of-attorney' }).expect(201);
      const { id } = await verificationOf(requestId);
      await staff(api().post(`/v1/staff/verifications/${id}/approve`))
        .send({})
        .expect(200);
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data.method).toBe('staff-review');
      expect(await eventsOf(EventTypes.VerificationChallengeIssued, requestId)).toHaveLength(1);
    });
  });

  describe('known identifiers', () => {
    const report = (requestId: string, matchId: string, systemId: string, outcome: 'matched' | 'not-matched' | 'failed') =>
      publish(
        createEvent({
          type: EventTypes.IdentifierMatchReported,
          source: `dsar/collector-postgres`,
          subject: requestId,
          controllerId: 'demo-identifiers',
          data: { requestId, matchId, systemId, outcome },
        }),
      );

    async function asked() {
      const { requestId, token, nextStep } = await proveAddress({ controllerId: 'demo-identifiers' });
      expect(nextStep).toBe('known-identifiers');
      await api()
        .post(`/v1/requests/${requestId}/verification/identifiers`)
        .set('x-verification-token', token)
        .send({ identifiers: { 'Customer Number': 'x' } })
        .expect(400);
      const accepted = await api()
        .post(`/v1/requests/${requestId}/verification/identifiers`)
        .set('x-verification-token', token)
        .send({ identifiers: { 'customer-number': 'C-1029', postcode: '75011' } })
        .expect(202);
      expect(accepted.body).toEqual({ requestId, status: 'checking' });
      const systems = demoSystems();
      const requests = await eventually(EventTypes.IdentifierMatchRequested, requestId, systems.length);
      expect(requests.map((e) => e.data.systemId).sort()).toEqual([...systems].sort());
      expect(systems).toEqual(expect.arrayContaining(['demo-crm', 'demo-marketing']));
      expect(requests[0].data.identifiers).toEqual({ 'customer-number': 'C-1029', postcode: '75011' });
      return { requestId, token, matches: requests.map((e) => e.data) };
    }

    it('verifies when one system matches the identifiers', async () => {
      const { requestId, matches } = await asked();
      await report(requestId, matches[0].matchId, matches[0].systemId, 'not-matched');
      await report(requestId, matches[1].matchId, matches[1].systemId, 'matched');
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data.method).toBe('known-identifiers');
      expect((await verificationOf(requestId)).identifiers).toBeNull();
    });

    it('fails, without saying which value was wrong, when no system matches', async () => {
      const { requestId, matches } = await asked();
      for (const m of matches) await report(requestId, m.matchId, m.systemId, 'not-matched');
      const [failed] = await eventually(EventTypes.VerificationFailed, requestId);
      expect(failed.data.reason).toBe('identifiers-not-matched');
      expect(JSON.stringify(failed.data)).not.toMatch(/customer|postcode|C-1029|75011/);
    });

    it('leaves it to a human when a system could not tell; the DPO may then ask for an ID copy', async () => {
      const { requestId, matches, token } = await asked();
      await report(requestId, matches[0].matchId, matches[0].systemId, 'failed');
      for (const m of matches.slice(1)) await report(requestId, m.matchId, m.systemId, 'not-matched');
      const [review] = await eventually(EventTypes.VerificationReviewRequested, requestId);
      expect(review.data.reason).toBe('identifiers-inconclusive');

      await upload(requestId, token, PNG, { purpose: 'id-document' }).expect(422);
      const { id } = await verificationOf(requestId);
      await staff(api().post(`/v1/staff/verifications/${id}/request-information`))
        .send({ message: 'Please send a copy of an ID.' })
        .expect(200);
      await upload(requestId, token, PNG, { purpose: 'id-document' }).expect(201);
      await eventually(EventTypes.VerificationReviewRequested, requestId, 2);
      await staff(api().post(`/v1/staff/verifications/${id}/approve`))
        .send({ note: 'ID checked' })
        .expect(200);
      const [succeeded] = await eventually(EventTypes.VerificationSucceeded, requestId);
      expect(succeeded.data.method).toBe('staff-review');
    });
  });

  describe('after a restart', () => {
    it('destroys, on its own schedule, the copies whose time came while the service was down', async () => {
      const { requestId, token } = await proveAddress({ controllerId: '1to1-consulting' });
      const uploaded = await upload(requestId, token, PNG, { purpose: 'id-document' }).expect(201);
      const { id } = await verificationOf(requestId);
      await staff(api().post(`/v1/staff/verifications/${id}/reject`))
        .send({ reason: 'document-rejected', explanation: 'Expired document.' })
        .expect(200);
      await sql.query("UPDATE identity.documents SET destroy_after = now() - interval '1 day' WHERE id = $1", [uploaded.body.documentId]);

      // A fresh process on the same database: nothing but the table says what is due.
      const restarted = await NestFactory.create(IdentityModule.register({ ...config, SWEEP_INTERVAL_SECONDS: 1 }), { logger: false });
      await restarted.init();
      try {
        const row = await expectEventually(
          async () => {
            const { rows } = await sql.query('SELECT destroyed_at, blob_key FROM identity.documents WHERE id = $1', [
              uploaded.body.documentId,
            ]);
            return rows[0].destroyed_at ? rows[0] : undefined;
          },
          { what: 'the scheduled destruction' },
        );
        expect(existsSync(join(storageDir, `${row.blob_key}.enc`))).toBe(false);
      } finally {
        await restarted.close();
      }
    });
  });
});
