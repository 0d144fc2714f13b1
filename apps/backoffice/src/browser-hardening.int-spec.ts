import { INestApplication } from '@nestjs/common';
import { hashToken } from '@dsar/auth';
import { ConfigurationError, Environment, startService, urlOf, apiDocsOpen } from '@dsar/platform';
import { createTestDatabase, TestDatabase } from '@dsar/testing';
import { hashSync } from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import { loadBackofficeConfig } from './backoffice.config';
import { BackofficeModule } from './backoffice.module';

const staffToken = randomBytes(16).toString('hex');
const dpoPassword = randomBytes(12).toString('base64url');
const bearer = `Bearer ${staffToken}`;
const basic = `Basic ${Buffer.from(`dpo:${dpoPassword}`).toString('base64')}`;

/** What a browser can be made to send, and what it is shown, on a service started as in production. */
describe('browser-facing hardening of the staff API (real PostgreSQL, a started service)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let production: INestApplication;
  let url: string;

  async function start(settings: Environment): Promise<INestApplication> {
    const config = loadBackofficeConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      STAFF_LOCAL_ACCOUNTS: `dpo:dpo:${hashSync(dpoPassword, 4)}`,
      STAFF_TRUSTED_ORIGINS: 'https://backoffice.example',
      ...settings,
    });
    return startService(BackofficeModule.register(config), {
      port: 0,
      host: '127.0.0.1',
      openApiTitle: 'test',
      apiDocs: apiDocsOpen(config),
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('backoffice_browser');
    app = await start({ NODE_ENV: 'development' });
    url = await urlOf(app);
    production = await start({ NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await production?.close();
    await app?.close();
    await db?.drop();
  });

  const resolve = (headers: Record<string, string>, body: string) =>
    fetch(`${url}/v1/alerts/${randomUUID()}/resolve`, { method: 'POST', headers, body });

  it('answers 415 problem+json to a staff route sent a form or text/plain, before anything reads it', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const response = await resolve({ authorization: bearer, 'content-type': type }, 'resolution=done');
      expect(response.status).toBe(415);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({ code: 'unsupported-media-type' });
    }
    // A body without any type is no more JSON.
    expect((await resolve({ authorization: bearer }, '{"resolution":"done"}')).status).toBe(415);
    // JSON goes on to the access check: this alert does not exist.
    const json = await resolve({ authorization: bearer, 'content-type': 'application/json' }, '{"resolution":"done"}');
    expect(json.status).toBe(404);
  });

  it('refuses a state change sent with credentials the browser keeps (HTTP Basic, cookies) from another site', async () => {
    const json = { 'content-type': 'application/json' };
    const body = '{"resolution":"done"}';
    const foreign = await resolve({ ...json, authorization: basic, origin: 'https://evil.example' }, body);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'untrusted-origin' });
    const withCookie = await resolve({ ...json, authorization: basic, cookie: 'session=abc', origin: 'https://evil.example' }, body);
    expect(withCookie.status).toBe(403);
    expect((await resolve({ ...json, authorization: basic, 'sec-fetch-site': 'cross-site' }, body)).status).toBe(403);
    // The service's own origin, a configured web app, a client that is not a browser: on to the alert (missing).
    for (const origin of [url, 'https://backoffice.example', undefined]) {
      const response = await resolve({ ...json, authorization: basic, ...(origin ? { origin } : {}) }, body);
      expect(response.status).toBe(404);
    }
    // A bearer token is never sent by a browser on its own: no Origin check.
    expect((await resolve({ ...json, authorization: bearer, origin: 'https://evil.example' }, body)).status).toBe(404);
  });

  it('serves HTML pages with a content security policy, no framing and no sniffing', async () => {
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    const health = await fetch(`${url}/health`);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('closes /docs in production, and refuses a docs setting it does not know at start-up', async () => {
    const productionUrl = await urlOf(production);
    expect((await fetch(`${productionUrl}/docs`)).status).toBe(404);
    expect((await fetch(`${productionUrl}/docs-json`)).status).toBe(404);
    expect((await fetch(`${productionUrl}/health`)).status).toBe(200);
    expect(apiDocsOpen({ NODE_ENV: 'production', API_DOCS: 'on' })).toBe(true);
    expect(() => loadBackofficeConfig({ DATABASE_URL: db.url, EVENT_TRANSPORT: 'postgres', API_DOCS: 'maybe' })).toThrow(
      ConfigurationError,
    );
    expect(() => loadBackofficeConfig({ DATABASE_URL: db.url, EVENT_TRANSPORT: 'postgres', API_DOCS: 'maybe' })).toThrow(/API_DOCS/);
  });
});
