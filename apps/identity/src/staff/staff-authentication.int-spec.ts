import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { strictValidationPipe } from '@dsar/platform';
import { createTestDatabase, TestDatabase } from '@dsar/testing';
import { Client } from 'pg';
import { hashSync } from 'bcryptjs';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { loadIdentityConfig } from '../identity.config';
import { IdentityModule } from '../identity.module';

const REPO_ROOT = resolve(__dirname, '../../../..');
const staffToken = randomBytes(16).toString('hex');
const apiKey = randomBytes(24).toString('base64url');
const AUDIENCE = 'dsar-platform';
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A stand-in identity provider: its JWKS served over real HTTP, as the strategy fetches it. */
async function identityProvider() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, issuer, privateKey };
}

describe('staff and internal-system authentication (OIDC JWT, local accounts, API keys)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: Awaited<ReturnType<typeof identityProvider>>;

  beforeAll(async () => {
    idp = await identityProvider();
    db = await createTestDatabase('identity_auth');
    const config = loadIdentityConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STORAGE_DIR: await mkdtemp(join(tmpdir(), 'dsar-identity-auth-')),
      STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      IDENTITY_CODE_SECRET: randomBytes(32).toString('hex'),
      SUBJECT_SECRET_KEY: randomBytes(32).toString('base64'),
      PROFILES_DIR: join(REPO_ROOT, 'config/controllers'),
      SWEEP_INTERVAL_SECONDS: '86400',
      STAFF_OIDC_ISSUER: idp.issuer,
      STAFF_OIDC_AUDIENCE: AUDIENCE,
      STAFF_LOCAL_ACCOUNTS: [
        `anna:dpo:${hashSync('correct horse battery', 10)}`,
        `rob:staff:${hashSync('another secret', 10)}`,
        `carla:dpo@1to1-consulting:${hashSync('third secret', 10)}`,
      ].join(','),
      INTERNAL_API_KEYS: `crm:${hashToken(apiKey)}`,
    });
    app = await NestFactory.create(IdentityModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await new Promise((done) => idp?.server.close(done));
  });

  const queue = () => request(app.getHttpServer()).get('/v1/staff/verifications');
  const internal = () => request(app.getHttpServer()).get(`/v1/internal/requests/${randomUUID()}/verification`);

  async function jwt(
    claims: Record<string, unknown>,
    options: { audience?: string; issuer?: string; expiresIn?: string; key?: SigningKey } = {},
  ) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('user-42')
      .setIssuer(options.issuer ?? idp.issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? idp.privateKey);
  }

  it('keeps accepting the static staff token', async () => {
    await queue().set('authorization', `Bearer ${staffToken}`).expect(200);
    await queue().expect(401);
  });

  describe('OIDC JWT', () => {
    it('lets in a DPO signed in with the provider, and refuses a staff member without the role', async () => {
      await queue()
        .set('authorization', `Bearer ${await jwt({ roles: ['dpo'] })}`)
        .expect(200);
      const forbidden = await queue()
        .set('authorization', `Bearer ${await jwt({ roles: ['staff'] })}`)
        .expect(403);
      expect(forbidden.headers['content-type']).toContain('application/problem+json');
      await queue()
        .set('authorization', `Bearer ${await jwt({})}`)
        .expect(401);
    });

    it('refuses a token for another audience or issuer, an expired one, and one signed with a key the provider does not publish', async () => {
      const { privateKey: foreign } = await generateKeyPair('RS256');
      for (const token of [
        await jwt({ roles: ['dpo'] }, { audience: 'another-app' }),
        await jwt({ roles: ['dpo'] }, { issuer: 'https://elsewhere.example' }),
        await jwt({ roles: ['dpo'] }, { expiresIn: '-1m' }),
        await jwt({ roles: ['dpo'] }, { key: foreign }),
      ]) {
        await queue().set('authorization', `Bearer ${token}`).expect(401);
      }
    });

    it('refuses an unsigned token', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(
        JSON.stringify({ sub: 'x', roles: ['dpo'], iss: idp.issuer, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 }),
      ).toString('base64url');
      await queue().set('authorization', `Bearer ${header}.${body}.`).expect(401);
    });
  });

  describe('local accounts (embedded mode)', () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    it('checks the password against its bcrypt hash and the role', async () => {
      await queue().set('authorization', basic('anna', 'correct horse battery')).expect(200);
      await queue().set('authorization', basic('anna', 'wrong')).expect(401);
      await queue().set('authorization', basic('nobody', 'correct horse battery')).expect(401);
      await queue().set('authorization', basic('rob', 'another secret')).expect(403);
    });
  });

  describe('API keys of internal systems', () => {
    it('opens the routes meant for systems, and only those', async () => {
      const response = await internal().set('x-api-key', apiKey).expect(404);
      expect(response.body.code).toBe('verification-not-found');
      await internal().set('x-api-key', `${apiKey}x`).expect(401);
      await internal().expect(401);
      await queue().set('x-api-key', apiKey).expect(403);
      await internal().set('authorization', `Bearer ${staffToken}`).expect(404);
    });
  });

  describe('per-controller scoping', () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    async function awaitingReview(controllerId: string): Promise<string> {
      const id = randomUUID();
      const sql = new Client({ connectionString: db.url });
      await sql.connect();
      await sql.query(
        `INSERT INTO identity.verifications (id, request_id, controller_id, request_type, requester_kind, contact_email, subject_email,
           language, steps, completed, status, review_reason, expires_at)
         VALUES ($1, $2, $3, 'access', 'subject', 'a@example.org', 'a@example.org', 'en', '["email","id-document"]', '["email"]',
           'awaiting-review', 'id-document', now() + interval '30 days')`,
        [id, randomUUID(), controllerId],
      );
      await sql.end();
      return id;
    }

    it('shows a DPO only the verifications of the controllers they work for', async () => {
      const ours = await awaitingReview('1to1-consulting');
      const theirs = await awaitingReview('demo');
      const carla = basic('carla', 'third secret');
      const listed = await queue().set('authorization', carla).expect(200);
      const ids = listed.body.map((v: { id: string }) => v.id);
      expect(ids).toContain(ours);
      expect(ids).not.toContain(theirs);
      await request(app.getHttpServer()).get(`/v1/staff/verifications/${theirs}`).set('authorization', carla).expect(404);
      await request(app.getHttpServer()).post(`/v1/staff/verifications/${theirs}/approve`).set('authorization', carla).send({}).expect(404);

      const scoped = await jwt({ roles: ['dpo'], controllers: ['demo'] });
      const seen = (await queue().set('authorization', `Bearer ${scoped}`).expect(200)).body.map((v: { id: string }) => v.id);
      expect(seen).toContain(theirs);
      expect(seen).not.toContain(ours);
      // Unscoped staff see both.
      const all = (await queue().set('authorization', basic('anna', 'correct horse battery')).expect(200)).body.map(
        (v: { id: string }) => v.id,
      );
      expect(all).toEqual(expect.arrayContaining([ours, theirs]));
    });
  });
});
