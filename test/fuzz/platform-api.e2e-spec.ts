import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { BackofficeModule, loadBackofficeConfig } from '@dsar/backoffice';
import { CollectorManualModule, loadCollectorManualConfig } from '@dsar/collector-manual';
import { CollectorPushModule, loadCollectorPushConfig } from '@dsar/collector-push';
import { FulfilmentModule, loadFulfilmentConfig } from '@dsar/fulfilment';
import { IdentityModule, loadIdentityConfig } from '@dsar/identity';
import { IntakeModule, loadIntakeConfig } from '@dsar/intake';
import { loadNotificationConfig, NotificationModule } from '@dsar/notification';
import { Environment, strictValidationPipe } from '@dsar/platform';
import { createTestDatabase, TestDatabase } from '@dsar/testing';
import fc from 'fast-check';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { describeCase, FuzzCase } from './support/fuzz-case';
import { Route, routesOf } from './support/openapi-routes';
import { Observed, Senders } from './support/senders';
import { Credentials, isOpenDsrPath, UnsafeKind, unsafeCases } from './support/unsafe-input';

/**
 * Issue 12, bad input everywhere: every route of every service — intake's public, staff and OpenDSR
 * routes, identity, fulfilment (downloads, reviews), notification, the back-office and its alerts,
 * manual tasks, push — is sent control characters (NUL first) in values, keys, path and query,
 * bodies nested too deep and numbers too large, as the caller each route expects (staff token,
 * API key, OpenDSR controller token). Every answer must be a 4xx in the API's error form
 * (problem+json; OpenDSR's own form on its routes), and no table of any schema may gain or lose a
 * row. Routes come from each service's OpenAPI document, so a new route is fuzzed without a change
 * here.
 *
 *   FUZZ_SEED=<n>   FUZZ_SCALE=<x>   FUZZ_ONLY=<family>   FUZZ_SHOW=<n>   (as in intake-api.e2e-spec.ts)
 */
const REPO_ROOT = resolve(__dirname, '../..');
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const ONLY = process.env.FUZZ_ONLY;
const SHOW = Number(process.env.FUZZ_SHOW ?? 15);

const credentials: Credentials = {
  staffToken: randomBytes(16).toString('hex'),
  apiKey: randomBytes(16).toString('hex'),
  openDsrToken: randomBytes(16).toString('hex'),
};

const FAMILIES: { kind: UnsafeKind; runs: number }[] = [
  { kind: 'control-in-value', runs: 3_000 },
  { kind: 'control-in-key', runs: 1_000 },
  { kind: 'control-in-path', runs: 1_600 },
  { kind: 'control-in-query', runs: 1_000 },
  { kind: 'control-in-form', runs: 1_000 },
  { kind: 'deep-nesting', runs: 1_000 },
  { kind: 'huge-number', runs: 1_400 },
];

describe('every service, every route: unsafe input is refused with a 4xx and writes nothing (fast-check, real PostgreSQL)', () => {
  let db: TestDatabase;
  let sql: Client;
  let workDir: string;
  const apps = new Map<string, { app: INestApplication; senders: Senders; routes: Route[] }>();
  const serverErrors = new Map<string, string>();
  let rowsBefore: Record<string, number>;
  const totals = new Map<string, { cases: number; statuses: Map<string, number> }>();

  const logger: LoggerService = {
    log: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
    fatal: () => undefined,
    error: (message: unknown, stack?: unknown) => {
      const id = (message as { correlationId?: string } | undefined)?.correlationId;
      if (id)
        serverErrors.set(
          id,
          String(stack ?? '')
            .split('\n')
            .slice(0, 3)
            .join(' ⏎ '),
        );
    },
  };

  const countRows = async () => {
    const { rows: tables } = await sql.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables) counts[name] = (await sql.query(`SELECT count(*)::int AS n FROM ${name}`)).rows[0].n as number;
    return counts;
  };

  beforeAll(async () => {
    db = await createTestDatabase('fuzz_platform');
    workDir = await mkdtemp(join(tmpdir(), 'dsar-fuzz-platform-'));
    const keyFile = join(workDir, 'opendsr-key.pem');
    await writeFile(keyFile, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const common: Environment = {
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      STAFF_TOKEN_HASHES: hashToken(credentials.staffToken),
      PROFILES_DIR: join(REPO_ROOT, 'config/controllers'),
    };
    const storage = { STORAGE_DIR: join(workDir, 'storage'), STORAGE_MASTER_KEY: randomBytes(32).toString('base64') };
    const subjectSecrets = { SUBJECT_SECRET_KEY: randomBytes(32).toString('base64') };
    const services: [string, () => unknown][] = [
      [
        'intake',
        () =>
          IntakeModule.register(
            loadIntakeConfig({
              ...common,
              ...storage,
              RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
              OPENDSR_PROCESSOR_DOMAIN: 'dsar.test',
              OPENDSR_PRIVATE_KEY_FILE: keyFile,
              OPENDSR_CERTIFICATE_URL: 'https://dsar.test/opendsr/cert.pem',
              OPENDSR_CONTROLLER_TOKENS: `demo:${hashToken(credentials.openDsrToken)}`,
            }),
          ),
      ],
      [
        'identity',
        () =>
          IdentityModule.register(
            loadIdentityConfig({
              ...common,
              ...storage,
              ...subjectSecrets,
              IDENTITY_CODE_SECRET: randomBytes(32).toString('hex'),
              INTERNAL_API_KEYS: `demo-crm:${hashToken(credentials.apiKey)}`,
              SWEEP_INTERVAL_SECONDS: '86400',
            }),
          ),
      ],
      [
        'fulfilment',
        () => FulfilmentModule.register(loadFulfilmentConfig({ ...common, ...storage, ...subjectSecrets, SWEEP_INTERVAL_MS: '3600000' })),
      ],
      [
        'notification',
        () =>
          NotificationModule.register(
            loadNotificationConfig({
              ...common,
              ...subjectSecrets,
              MAIL_TRANSPORT: 'mailbox',
              MAILBOX_DIR: join(workDir, 'mailbox'),
              NOTIFY_SCHEDULER_INTERVAL_MS: '3600000',
            }),
          ),
      ],
      ['backoffice', () => BackofficeModule.register(loadBackofficeConfig(common))],
      ['collector-manual', () => CollectorManualModule.register(loadCollectorManualConfig({ ...common, ...storage }))],
      [
        'collector-push',
        () =>
          CollectorPushModule.register(
            loadCollectorPushConfig({
              ...common,
              ...storage,
              PUSH_SYSTEMS: 'demo-crm',
              INTERNAL_API_KEYS: `demo-crm:${hashToken(credentials.apiKey)}`,
            }),
          ),
      ],
    ];
    for (const [service, module] of services) {
      const app = await NestFactory.create(module() as never, { logger });
      app.useGlobalPipes(strictValidationPipe());
      await app.listen(0, '127.0.0.1');
      const senders = new Senders('127.0.0.1', (app.getHttpServer().address() as AddressInfo).port);
      apps.set(service, { app, senders, routes: routesOf(service, app) });
    }
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    rowsBefore = await countRows();
  });

  afterAll(async () => {
    const lines = ['', `platform API fuzz — seed ${SEED}, scale ${SCALE}`];
    let total = 0;
    for (const [family, { cases, statuses }] of totals) {
      total += cases;
      const answers = [...statuses].sort(([a], [b]) => a.localeCompare(b)).map(([answer, n]) => `${answer} ×${n}`);
      lines.push(`  ${family.padEnd(18)} ${String(cases).padStart(6)} cases`, `      ${answers.join(', ')}`);
    }
    const routes = [...apps.values()].reduce((n, { routes: r }) => n + r.length, 0);
    lines.push(`  ${'total'.padEnd(18)} ${String(total).padStart(6)} cases over ${routes} routes of ${apps.size} services`, '');
    process.stdout.write(`${lines.join('\n')}\n`);
    for (const { app, senders } of apps.values()) {
      senders.close();
      await app.close();
    }
    await sql?.end();
    await db?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('knows the routes of every service, each of them documented', () => {
    const count = (service: string) => apps.get(service)?.routes.length ?? 0;
    for (const service of apps.keys()) expect([service, count(service) > 0]).toEqual([service, true]);
    const paths = [...apps.values()].flatMap(({ routes }) => routes.map((r) => `${r.service} ${r.method} ${r.path}`));
    expect(paths).toEqual(
      expect.arrayContaining([
        'intake POST /v2/requests',
        'intake POST /v1/staff/requests/{reference}/pause',
        'identity POST /v1/requests/{requestId}/verification',
        'fulfilment GET /v1/downloads/{token}',
        'backoffice POST /v1/alerts/{id}/resolve',
        'collector-manual POST /v1/manual/tasks/{taskId}/result',
      ]),
    );
  });

  /** The verdict on one answer: undefined when it is a 4xx in the route's error form. */
  function judge(c: FuzzCase, o: Observed): string | undefined {
    if (o.status < 400 || o.status > 499) return `status ${o.status}, expected 4xx`;
    const contentType = String(o.headers['content-type'] ?? '');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(o.text) as Record<string, unknown>;
    } catch {
      return 'body is not JSON';
    }
    if (isOpenDsrPath(c.path)) {
      const error = body.error as { code?: unknown } | undefined;
      return contentType.startsWith('application/json') && error?.code === o.status ? undefined : 'not the OpenDSR error form';
    }
    if (!contentType.startsWith('application/problem+json')) return `content-type ${contentType}, expected application/problem+json`;
    return typeof body.code === 'string' && body.status === o.status ? undefined : 'problem without code or status';
  }

  FAMILIES.forEach(({ kind, runs }, index) => {
    const numRuns = Math.max(1, Math.round(runs * SCALE));
    const run = ONLY && ONLY !== kind ? it.skip : it;
    run(
      `${kind}: ${numRuns} cases over every route, each refused with a 4xx`,
      async () => {
        const routes = [...apps.values()].flatMap((a) => a.routes);
        const statuses = new Map<string, number>();
        totals.set(kind, { cases: numRuns, statuses });
        const failures: string[] = [];
        await fc.assert(
          fc.asyncProperty(unsafeCases(routes, credentials, kind), async (c) => {
            const observed = await apps.get(c.service!)!.senders.send(c);
            const code = /"code":"([^"]+)"/.exec(observed.text)?.[1] ?? /"reason":"([^"]+)"/.exec(observed.text)?.[1] ?? '-';
            const answer = `${observed.status} ${code}`;
            statuses.set(answer, (statuses.get(answer) ?? 0) + 1);
            const wrong = judge(c, observed);
            if (wrong) {
              const correlationId = /correlation(?:Id| id) "?([0-9a-f-]{36})/.exec(observed.text)?.[1];
              failures.push(
                [
                  describeCase(c),
                  `wrong:   ${wrong}`,
                  `answer:  ${observed.status} ${observed.text.slice(0, 300)}`,
                  ...(correlationId && serverErrors.has(correlationId) ? [`server:  ${serverErrors.get(correlationId)}`] : []),
                ].join('\n'),
              );
            }
            return true;
          }),
          { seed: SEED + index, numRuns },
        );
        if (failures.length > 0) {
          throw new Error(
            `${failures.length} of ${numRuns} ${kind} cases answered wrongly (seed ${SEED + index}).\n\n${failures.slice(0, SHOW).join('\n\n')}`,
          );
        }
      },
      300_000,
    );
  });

  /** The answers issue 12 found, each a 500 before: now a 400, in the route's error form. */
  describe('the unauthenticated 500s of issue 12', () => {
    const call = async (service: string, method: string, path: string, body: string, headers: [string, string][] = []) => {
      const c: FuzzCase = {
        family: 'regression',
        label: path,
        transport: 'http',
        method,
        path,
        headers: [['content-type', 'application/json'], ...headers],
        body: Buffer.from(body, 'utf8'),
      };
      const observed = await apps.get(service)!.senders.send(c);
      return { status: observed.status, wrong: judge(c, observed), body: JSON.parse(observed.text) as Record<string, unknown> };
    };
    const staff: [string, string][] = [['authorization', `Bearer ${credentials.staffToken}`]];

    it('a NUL in a name, a pause note, a reject explanation, an alert resolution, a path segment', async () => {
      const answers = [
        await call(
          'intake',
          'POST',
          '/v1/requests',
          '{"type":"access","details":{"scope":"all"},"subject":{"email":"canary@example.org","fullName":"Canary\\u0000name"}}',
        ),
        await call('intake', 'POST', '/v1/staff/requests/DSAR-AAAA-BBBB/pause', '{"cause":"awaiting-identity","note":"a\\u0000b"}', staff),
        await call('intake', 'POST', '/v1/staff/requests/DSAR-AAAA-BBBB/reject', '{"reason":"excessive","explanation":"a\\u0000b"}', staff),
        await call(
          'backoffice',
          'POST',
          `/v1/alerts/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/resolve`,
          '{"resolution":"done\\u0000"}',
          staff,
        ),
        await call('intake', 'GET', '/v1/requests/DSAR%00AAAA', '{}', [['x-tracking-token', 'x']]),
      ];
      expect(answers.map(({ status, wrong }) => [status, wrong])).toEqual(Array(5).fill([400, undefined]));
    });

    it('a body nested 5,000 levels deep on POST /v2/requests, in the OpenDSR error form', async () => {
      const answer = await call('intake', 'POST', '/v2/requests', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, [
        ['authorization', `Bearer ${credentials.openDsrToken}`],
      ]);
      expect([answer.status, answer.wrong]).toEqual([400, undefined]);
    });

    it('a name instead of an e-mail in an OpenDSR identity_value', async () => {
      const body = {
        subject_request_id: '5d1a1a46-0d37-4c52-9b43-1b0e3a7f3a11',
        subject_request_type: 'access',
        submitted_time: '2026-12-01T10:00:00Z',
        regulation: 'gdpr',
        subject_identities: [{ identity_type: 'email', identity_value: 'John Doe', identity_format: 'raw' }],
        api_version: '2.0',
      };
      const answer = await call('intake', 'POST', '/v2/requests', JSON.stringify(body), [
        ['authorization', `Bearer ${credentials.openDsrToken}`],
      ]);
      expect([answer.status, answer.wrong]).toEqual([400, undefined]);
      expect(JSON.stringify(answer.body)).toContain('identity_value must be an e-mail address');
    });

    // The bound itself is libs/collector-sdk/src/external/report-result.dto.spec.ts; here, the route
    // resolves the task (and the caller's right to it) first: an unknown one is a 404, never a 5xx.
    it('a manual task result of 3,000,000,000 records for an unknown task', async () => {
      const answer = await call(
        'collector-manual',
        'POST',
        `/v1/manual/tasks/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}/result`,
        '{"outcome":"completed","categories":[{"category":"orders","records":3000000000}]}',
        staff,
      );
      expect([answer.status, answer.wrong]).toEqual([404, undefined]);
    });
  });

  it('wrote no row in any table of any schema, and stored no file', async () => {
    expect(await countRows()).toEqual(rowsBefore);
    const files = await readdir(join(workDir, 'storage'), { recursive: true }).catch(() => [] as string[]);
    expect(files).toEqual([]);
  });
});
