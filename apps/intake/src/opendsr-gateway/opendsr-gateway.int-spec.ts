import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { strictValidationPipe } from '@dsar/platform';
import { createTestDatabase, expectEventually, TestDatabase } from '@dsar/testing';
import { generateKeyPairSync, randomBytes, randomUUID, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { loadIntakeConfig } from '../intake.config';
import { IntakeModule } from '../intake.module';

const REPO_ROOT = resolve(__dirname, '../../../..');
const controllerToken = randomBytes(16).toString('hex');

/** OpenDSR on the platform's real lifecycle: same requests, deadlines, audit trail and events. */
describe('OpenDSR endpoints on the request lifecycle (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sql: Client;
  let callbacks: Server;
  let callbackUrl: string;
  const received: { body: Record<string, unknown>; signature?: string }[] = [];
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  beforeAll(async () => {
    db = await createTestDatabase('opendsr');
    const dir = await mkdtemp(join(tmpdir(), 'dsar-opendsr-'));
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    callbacks = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({ body: JSON.parse(text), signature: req.headers['x-opendsr-signature'] as string | undefined });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => callbacks.listen(0, '127.0.0.1', done));
    callbackUrl = `http://127.0.0.1:${(callbacks.address() as { port: number }).port}/callbacks`;
    const config = loadIntakeConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STORAGE_DIR: dir,
      STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
      PROFILES_DIR: join(REPO_ROOT, 'config/controllers'),
      OPENDSR_PROCESSOR_DOMAIN: 'dsar.test',
      OPENDSR_PRIVATE_KEY_FILE: keyFile,
      OPENDSR_CERTIFICATE_URL: 'https://dsar.test/opendsr/cert.pem',
      OPENDSR_CONTROLLER_TOKENS: `demo:${hashToken(controllerToken)}`,
      OPENDSR_ALLOW_HTTP_CALLBACKS: 'true',
      OPENDSR_ALLOW_PRIVATE_CALLBACKS: 'true',
    });
    app = await NestFactory.create(IntakeModule.register(config), { logger: false, rawBody: true });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await new Promise((done) => callbacks?.close(done));
    await db?.drop();
  });

  const body = (id: string, email: string) => ({
    subject_request_id: id,
    regulation: 'gdpr',
    subject_request_type: 'access',
    submitted_time: new Date(Date.now() - 60_000).toISOString(),
    subject_identities: [{ identity_type: 'email', identity_value: email, identity_format: 'raw' }],
    api_version: '2.0',
    status_callback_urls: [callbackUrl],
  });

  it('creates a platform request, answers signed, reports status, and cancels through the lifecycle', async () => {
    const id = randomUUID();
    const created = await request(app.getHttpServer())
      .post('/v2/requests')
      .set('authorization', `Bearer ${controllerToken}`)
      .send(body(id, 'od@example.org'))
      .expect(201);
    expect(created.body).toMatchObject({ controller_id: 'demo', subject_request_id: id });
    expect(verify('sha256', Buffer.from(created.text), publicKey, Buffer.from(created.headers['x-opendsr-signature'], 'base64'))).toBe(
      true,
    );

    const { rows } = await sql.query(
      `SELECT r.channel, r.status, r.type, r.due_rule FROM intake.opendsr_requests o JOIN intake.requests r ON r.id = o.request_id WHERE o.subject_request_id = $1`,
      [id],
    );
    expect(rows[0]).toMatchObject({ channel: 'opendsr', status: 'awaiting-verification', type: 'access' });
    expect(new Date(created.body.expected_completion_time).getTime()).toBeGreaterThan(Date.now());

    const status = await request(app.getHttpServer())
      .get(`/v2/requests/${id}`)
      .set('authorization', `Bearer ${controllerToken}`)
      .expect(200);
    expect(status.body.request_status).toBe('pending');

    await request(app.getHttpServer()).delete(`/v2/requests/${id}`).set('authorization', `Bearer ${controllerToken}`).expect(202);
    const after = await sql.query(
      'SELECT r.status FROM intake.opendsr_requests o JOIN intake.requests r ON r.id = o.request_id WHERE o.subject_request_id = $1',
      [id],
    );
    expect(after.rows[0].status).toBe('cancelled');

    // The controller hears of the cancellation on its callback URL, signed.
    const callback = await expectEventually(() =>
      received.find((c) => c.body.subject_request_id === id && c.body.request_status === 'cancelled'),
    );
    expect(callback.signature).toBeDefined();
  });

  it('replays a resent request and refuses another controller or no token', async () => {
    const id = randomUUID();
    const sent = body(id, 'od2@example.org');
    const first = await request(app.getHttpServer())
      .post('/v2/requests')
      .set('authorization', `Bearer ${controllerToken}`)
      .send(sent)
      .expect(201);
    const again = await request(app.getHttpServer()).post('/v2/requests').set('authorization', `Bearer ${controllerToken}`).send(sent);
    expect(again.status).toBeLessThan(300);
    expect(again.body.received_time).toBe(first.body.received_time);
    await request(app.getHttpServer()).get(`/v2/requests/${id}`).expect(401);
    const conflicting = await request(app.getHttpServer())
      .post('/v2/requests')
      .set('authorization', `Bearer ${controllerToken}`)
      .send({ ...sent, subject_identities: [{ identity_type: 'email', identity_value: 'other@example.org', identity_format: 'raw' }] })
      .expect(400);
    expect(conflicting.body.error).toBeDefined();
  });
});
