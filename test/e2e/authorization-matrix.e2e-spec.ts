import { RESOURCE_NOT_FOUND, ResourceKind, StaffRole } from '@dsar/auth';
import { PlatformLayout } from '@dsar/launcher';
import { expectEventually } from '@dsar/testing';
import { hashSync } from 'bcryptjs';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { httpMailbox } from '../support/mailbox';
import { platformRoutes } from '../support/platform-routes';
import { submitAccessRequest, verifyWithEmailedCode } from '../support/subject-journey';

const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);
const SERVICE_OFFSET = { intake: 0, identity: 1, fulfilment: 2, notification: 3, backoffice: 4, 'collector-manual': 6 } as const;
type Service = keyof typeof SERVICE_OFFSET;

/** Where an account's controllers stand against the resource's (every fixture belongs to `demo`). */
const SCOPES = ['demo', '7speaking', 'all'] as const;
type Scope = (typeof SCOPES)[number];
const ROLES: StaffRole[] = ['admin', 'dpo', 'staff', 'auditor'];
const PASSWORD = randomBytes(12).toString('base64url');
const accountName = (role: StaffRole, scope: Scope) => `${role}-${scope}`;
const STAFF_LOCAL_ACCOUNTS = ROLES.flatMap((role) =>
  SCOPES.map((scope) => `${accountName(role, scope)}:${role}${scope === 'all' ? '' : `@${scope}`}:${hashSync(PASSWORD, 4)}`),
).join(',');

interface Fixtures {
  requestId: string;
  reference: string;
  verificationId: string;
  alertId: string;
  failedMailId: string;
  sentMailId: string;
  mailboxId: string;
  taskId: string;
}

interface Call {
  path: string;
  body?: string | FormData;
  contentType?: string;
}

interface Expectation {
  service: Service;
  /** The roles that may use the route, written out by hand: the declarations are checked against it. */
  roles: readonly StaffRole[];
  call: (f: Fixtures) => Call;
  /** What an allowed caller of the resource's controller gets (the route ran, or its validation did). */
  allowed: number;
  /** A route about one resource: what answers a caller of another controller (404, as for a resource that does not exist). */
  resource?: ResourceKind;
  /** A list: whether the answer shows the fixture, which only callers of its controller may see. */
  lists?: (body: unknown, f: Fixtures) => boolean;
  /** Only an account of every controller may use it (platform administration). */
  everyController?: boolean;
}

const EVERYONE: readonly StaffRole[] = ROLES;
const CASE_HANDLERS: readonly StaffRole[] = ['admin', 'dpo', 'staff'];
const DECIDERS: readonly StaffRole[] = ['admin', 'dpo'];
const INVALID = JSON.stringify({ matrix: 'not a field of any body' });
const includes = (key: string, value: (f: Fixtures) => string) => (body: unknown, f: Fixtures) =>
  (Array.isArray(body) ? body : ((body as { tasks?: unknown[] }).tasks ?? [])).some(
    (item) => (item as Record<string, unknown>)[key] === value(f),
  );

/** Every staff route of the platform, keyed `METHOD path` as declared, with who may use it. */
const MATRIX: Record<string, Expectation> = {
  'POST /v1/staff/requests': {
    service: 'intake',
    roles: CASE_HANDLERS,
    allowed: 400, // no letter attached; a controller not the caller's answers 404 first
    call: () => {
      const form = new FormData();
      form.append('channel', 'post');
      form.append('receivedAt', '2026-11-02T09:00:00.000Z');
      form.append(
        'request',
        JSON.stringify({ controllerId: 'demo', type: 'access', details: { scope: 'all' }, subject: { email: 'letter@example.org' } }),
      );
      return { path: '/v1/staff/requests', body: form };
    },
  },
  'POST /v1/staff/requests/:reference/pause': {
    service: 'intake',
    roles: DECIDERS,
    allowed: 400,
    resource: 'request',
    call: (f) => ({ path: `/v1/staff/requests/${f.reference}/pause`, body: INVALID }),
  },
  'POST /v1/staff/requests/:reference/resume': {
    service: 'intake',
    roles: DECIDERS,
    allowed: 409, // the request is not paused
    resource: 'request',
    call: (f) => ({ path: `/v1/staff/requests/${f.reference}/resume` }),
  },
  'POST /v1/staff/requests/:reference/extend': {
    service: 'intake',
    roles: DECIDERS,
    allowed: 400,
    resource: 'request',
    call: (f) => ({ path: `/v1/staff/requests/${f.reference}/extend`, body: INVALID }),
  },
  'POST /v1/staff/requests/:reference/reject': {
    service: 'intake',
    roles: DECIDERS,
    allowed: 400,
    resource: 'request',
    call: (f) => ({ path: `/v1/staff/requests/${f.reference}/reject`, body: INVALID }),
  },
  'GET /v1/staff/requests/:reference/audit': {
    service: 'intake',
    roles: EVERYONE,
    allowed: 200,
    resource: 'request',
    call: (f) => ({ path: `/v1/staff/requests/${f.reference}/audit` }),
  },
  'GET /v1/staff/verifications': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 200,
    lists: includes('id', (f) => f.verificationId),
    call: () => ({ path: '/v1/staff/verifications?status=verified' }),
  },
  'GET /v1/staff/verifications/:id': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 200,
    resource: 'verification',
    call: (f) => ({ path: `/v1/staff/verifications/${f.verificationId}` }),
  },
  'GET /v1/staff/verifications/:id/documents/:documentId': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 404, // document-not-found: the verification has none
    resource: 'verification',
    call: (f) => ({ path: `/v1/staff/verifications/${f.verificationId}/documents/${randomUUID()}` }),
  },
  'POST /v1/staff/verifications/:id/approve': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 400,
    resource: 'verification',
    call: (f) => ({ path: `/v1/staff/verifications/${f.verificationId}/approve`, body: INVALID }),
  },
  'POST /v1/staff/verifications/:id/reject': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 400,
    resource: 'verification',
    call: (f) => ({ path: `/v1/staff/verifications/${f.verificationId}/reject`, body: INVALID }),
  },
  'POST /v1/staff/verifications/:id/request-information': {
    service: 'identity',
    roles: DECIDERS,
    allowed: 400,
    resource: 'verification',
    call: (f) => ({ path: `/v1/staff/verifications/${f.verificationId}/request-information`, body: INVALID }),
  },
  'GET /v1/internal/requests/:requestId/verification': {
    service: 'identity',
    roles: EVERYONE,
    allowed: 200,
    resource: 'request',
    call: (f) => ({ path: `/v1/internal/requests/${f.requestId}/verification` }),
  },
  'GET /v1/staff/fulfilments/:requestId': {
    service: 'fulfilment',
    roles: EVERYONE,
    allowed: 200,
    resource: 'fulfilment',
    call: (f) => ({ path: `/v1/staff/fulfilments/${f.requestId}` }),
  },
  'GET /v1/staff/fulfilments/:requestId/draft': {
    service: 'fulfilment',
    roles: DECIDERS,
    allowed: 200,
    resource: 'fulfilment',
    call: (f) => ({ path: `/v1/staff/fulfilments/${f.requestId}/draft` }),
  },
  'POST /v1/staff/fulfilments/:requestId/approve': {
    service: 'fulfilment',
    roles: DECIDERS,
    allowed: 400,
    resource: 'fulfilment',
    call: (f) => ({ path: `/v1/staff/fulfilments/${f.requestId}/approve`, body: INVALID }),
  },
  'POST /v1/staff/fulfilments/:requestId/reject': {
    service: 'fulfilment',
    roles: DECIDERS,
    allowed: 400,
    resource: 'fulfilment',
    call: (f) => ({ path: `/v1/staff/fulfilments/${f.requestId}/reject`, body: INVALID }),
  },
  'POST /v1/staff/fulfilments/:requestId/copies': {
    service: 'fulfilment',
    roles: DECIDERS,
    allowed: 201,
    resource: 'fulfilment',
    call: (f) => ({ path: `/v1/staff/fulfilments/${f.requestId}/copies` }),
  },
  'GET /v1/mailbox': {
    service: 'notification',
    roles: ['admin'],
    everyController: true,
    allowed: 200,
    call: () => ({ path: '/v1/mailbox' }),
  },
  'GET /v1/mailbox/:id': {
    service: 'notification',
    roles: ['admin'],
    everyController: true,
    allowed: 200,
    call: (f) => ({ path: `/v1/mailbox/${f.mailboxId}` }),
  },
  'GET /v1/staff/templates/:kind/preview': {
    service: 'notification',
    roles: DECIDERS,
    allowed: 200,
    resource: 'controller',
    call: () => ({ path: '/v1/staff/templates/acknowledgement/preview?controller=demo&format=html' }),
  },
  'GET /v1/staff/mail/failures': {
    service: 'notification',
    roles: DECIDERS,
    allowed: 200,
    lists: includes('id', (f) => f.failedMailId),
    call: () => ({ path: '/v1/staff/mail/failures' }),
  },
  'POST /v1/staff/mail/:id/resend': {
    service: 'notification',
    roles: DECIDERS,
    allowed: 404, // mail-not-resendable: it was sent
    resource: 'mail',
    call: (f) => ({ path: `/v1/staff/mail/${f.sentMailId}/resend` }),
  },
  'GET /v1/requests': {
    service: 'backoffice',
    roles: EVERYONE,
    allowed: 200,
    lists: includes('requestId', (f) => f.requestId),
    call: () => ({ path: '/v1/requests' }),
  },
  'GET /v1/requests/:id': {
    service: 'backoffice',
    roles: EVERYONE,
    allowed: 200,
    resource: 'request',
    call: (f) => ({ path: `/v1/requests/${f.requestId}` }),
  },
  'GET /v1/alerts': {
    service: 'backoffice',
    roles: EVERYONE,
    allowed: 200,
    lists: includes('id', (f) => f.alertId),
    call: () => ({ path: '/v1/alerts?state=all' }), // closed requests' alerts close by themselves
  },
  'POST /v1/alerts/:id/resolve': {
    service: 'backoffice',
    roles: CASE_HANDLERS,
    allowed: 400,
    resource: 'alert',
    call: (f) => ({ path: `/v1/alerts/${f.alertId}/resolve`, body: INVALID }),
  },
  'GET /v1/manual/tasks': {
    service: 'collector-manual',
    roles: CASE_HANDLERS,
    allowed: 200,
    lists: includes('taskId', (f) => f.taskId),
    call: () => ({ path: '/v1/manual/tasks' }),
  },
  'GET /v1/manual/tasks/:taskId': {
    service: 'collector-manual',
    roles: CASE_HANDLERS,
    allowed: 200,
    resource: 'manual-task',
    call: (f) => ({ path: `/v1/manual/tasks/${f.taskId}` }),
  },
  'PUT /v1/manual/tasks/:taskId/export': {
    service: 'collector-manual',
    roles: CASE_HANDLERS,
    allowed: 400, // invalid-export
    resource: 'manual-task',
    call: (f) => ({ path: `/v1/manual/tasks/${f.taskId}/export`, body: 'not json\n', contentType: 'application/x-ndjson' }),
  },
  'POST /v1/manual/tasks/:taskId/result': {
    service: 'collector-manual',
    roles: CASE_HANDLERS,
    allowed: 400,
    resource: 'manual-task',
    call: (f) => ({ path: `/v1/manual/tasks/${f.taskId}/result`, body: INVALID }),
  },
};

interface Answer {
  status: number;
  body: unknown;
}

const basicFor = (role: StaffRole, scope: Scope) => `Basic ${Buffer.from(`${accountName(role, scope)}:${PASSWORD}`).toString('base64')}`;

/** What a caller must get: denied, hidden, or let through (with the fixture listed or not). */
function expected(route: Expectation, role: StaffRole, scope: Scope): { status: number; code?: string; listed?: boolean } {
  if (!route.roles.includes(role) || (route.everyController && scope !== 'all')) return { status: 403 };
  const mine = scope !== '7speaking';
  if (route.lists) return { status: 200, listed: mine };
  if (!mine && route.resource) return { status: 404, code: RESOURCE_NOT_FOUND[route.resource] };
  if (!mine) return { status: 404, code: 'unknown-controller' }; // a request registered for another controller
  return { status: route.allowed };
}

describe('authorization matrix: every staff route × every role × a resource in and out of the account’s controllers', () => {
  let platform: EmbeddedPlatform;
  let sql: Client;
  let fixtures: Fixtures;
  let staffToken: string;
  const url = (service: Service) => platform.url(SERVICE_OFFSET[service]);
  const urls = () => ({ intake: url('intake'), identity: url('identity') });

  async function send(route: Expectation, authorization: string, call = route.call(fixtures)): Promise<Answer> {
    const method = Object.entries(MATRIX)
      .find(([, r]) => r === route)![0]
      .split(' ')[0];
    const headers: Record<string, string> = { authorization };
    if (typeof call.body === 'string') headers['content-type'] = call.contentType ?? 'application/json';
    const response = await fetch(`${url(route.service)}${call.path}`, { method, headers, body: call.body });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: a page, a ZIP, an e-mail
    }
    return { status: response.status, body };
  }

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-authz-', { STAFF_LOCAL_ACCOUNTS });
    staffToken = (JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as { staffToken: string }).staffToken;
    sql = new Client({ connectionString: `postgres://dsar:dsar-embedded@127.0.0.1:${EmbeddedPlatform.postgresPortFor(BASE_PORT)}/dsar` });
    await sql.connect();

    // A demo access request, verified and answered, as a subject makes it.
    const mailbox = httpMailbox(url('notification'), staffToken);
    const email = 'matrix.subject@example.org';
    const request = await submitAccessRequest(urls(), email);
    await verifyWithEmailedCode(urls(), mailbox, request, email);
    const admin = `Bearer ${staffToken}`;
    await expectEventually(
      async () => {
        const response = await fetch(`${url('fulfilment')}/v1/staff/fulfilments/${request.id}`, { headers: { authorization: admin } });
        return response.status === 200 && ((await response.json()) as { status: string }).status === 'completed' ? true : undefined;
      },
      { timeoutMs: 90_000, what: 'the demo request answered' },
    );
    const verifications = (await (
      await fetch(`${url('identity')}/v1/staff/verifications?status=verified`, { headers: { authorization: admin } })
    ).json()) as Array<{ id: string; requestId: string }>;
    const mails = (await (await fetch(`${url('notification')}/v1/mailbox`, { headers: { authorization: admin } })).json()) as Array<{
      id: string;
    }>;
    // What no demo request raises by itself here: an alert, a failed e-mail, a manual task (demo has no manual system).
    const alertId = randomUUID();
    await sql.query(
      `INSERT INTO backoffice.alerts (id, request_id, controller_id, kind, system_ids, raised_at) VALUES ($1, $2, 'demo', 'manual-task', '{}', now())`,
      [alertId, request.id],
    );
    const { rows: sent } = await sql.query<{ id: string }>(
      `SELECT id FROM notification.outgoing_mail WHERE controller_id = 'demo' AND status = 'sent' ORDER BY created_at LIMIT 2`,
    );
    await sql.query(`UPDATE notification.outgoing_mail SET status = 'failed', last_error = 'matrix fixture' WHERE id = $1`, [sent[1].id]);
    const taskId = randomUUID();
    await sql.query(
      `INSERT INTO collector_manual.external_tasks (task_id, request_id, system_id, action, controller_id, correlation_id, task)
       VALUES ($1, $2, 'paper-archive', 'export', 'demo', $3, $4)`,
      [
        taskId,
        request.id,
        request.id,
        JSON.stringify({ taskId, requestId: request.id, systemId: 'paper-archive', action: 'export', dataCategories: ['identity'] }),
      ],
    );
    fixtures = {
      requestId: request.id,
      reference: request.reference,
      verificationId: verifications.find((v) => v.requestId === request.id)!.id,
      alertId,
      sentMailId: sent[0].id,
      failedMailId: sent[1].id,
      mailboxId: mails[0].id,
      taskId,
    };
  });

  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
  });

  it('covers every staff route the services declare, and nothing else: a new route must be added here', async () => {
    const layout: PlatformLayout = {
      basePort: BASE_PORT,
      host: '127.0.0.1',
      databaseUrl: 'postgres://dsar:unused@127.0.0.1:1/dsar',
      demoDatabaseUrl: 'postgres://dsar:unused@127.0.0.1:1/dsar_demo',
      storageDir: join(platform.dataDir, 'storage'),
      secrets: JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')),
      openDsrKeyFile: join(platform.dataDir, 'opendsr-signing-key.pem'),
      logLevel: 'silent',
    };
    const routes = platformRoutes(layout, join(platform.dataDir, 'mailbox'));
    expect(routes.filter((r) => r.access === undefined)).toEqual([]);
    const staffRoutes = routes.filter((r) => r.access?.kind === 'staff').map((r) => `${r.method} ${r.path}`);
    expect(staffRoutes.sort()).toEqual(Object.keys(MATRIX).sort());
    for (const route of routes.filter((r) => r.access?.kind === 'staff')) {
      expect({ route: `${route.method} ${route.path}`, service: route.service }).toEqual({
        route: `${route.method} ${route.path}`,
        service: MATRIX[`${route.method} ${route.path}`].service,
      });
    }
  });

  for (const [key, route] of Object.entries(MATRIX)) {
    it(`${key}: ${route.roles.join(', ')}${route.everyController ? ' of every controller' : ''}; other controllers’ ${route.resource ?? 'items'} hidden`, async () => {
      const answers: Record<string, unknown> = {};
      const wanted: Record<string, unknown> = {};
      for (const role of ROLES) {
        for (const scope of SCOPES) {
          const answer = await send(route, basicFor(role, scope));
          const expectation = expected(route, role, scope);
          const name = `${role}@${scope}`;
          wanted[name] = expectation;
          answers[name] = {
            status: answer.status,
            ...(expectation.code ? { code: (answer.body as { code?: string }).code } : {}),
            ...(expectation.listed !== undefined ? { listed: route.lists!(answer.body, fixtures) } : {}),
          };
        }
      }
      expect(answers).toEqual(wanted);
    });
  }

  describe('the probes of issue 12, on a fresh demo request', () => {
    const dpoOf7speaking = basicFor('dpo', '7speaking');
    const staffOfDemo = basicFor('staff', 'demo');
    const dpoOfDemo = basicFor('dpo', 'demo');
    let fresh: { id: string; reference: string };
    const post = (service: Service, path: string, authorization: string, body: unknown) =>
      fetch(`${url(service)}${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const get = (service: Service, path: string, authorization: string) => fetch(`${url(service)}${path}`, { headers: { authorization } });

    beforeAll(async () => {
      fresh = await submitAccessRequest(urls(), 'probe.subject@example.org');
      await expectEventually(
        async () => ((await get('backoffice', `/v1/requests/${fresh.id}`, dpoOfDemo)).status === 200 ? true : undefined),
        {
          what: 'the fresh request in the back-office',
        },
      );
    });

    it('7speaking’s DPO lists the back-office queue: the demo request is not in it', async () => {
      const queue = (await (await get('backoffice', '/v1/requests', dpoOf7speaking)).json()) as Array<{ requestId: string }>;
      expect(queue.map((r) => r.requestId)).not.toContain(fresh.id);
      const demoQueue = (await (await get('backoffice', '/v1/requests', dpoOfDemo)).json()) as Array<{ requestId: string }>;
      expect(demoQueue.map((r) => r.requestId)).toContain(fresh.id);
    });

    it('7speaking’s DPO reads the demo request’s audit trail and fulfilment: 404; the mailbox: 403', async () => {
      expect((await get('intake', `/v1/staff/requests/${fresh.reference}/audit`, dpoOf7speaking)).status).toBe(404);
      expect((await get('fulfilment', `/v1/staff/fulfilments/${fixtures.requestId}`, dpoOf7speaking)).status).toBe(404);
      expect((await get('notification', '/v1/mailbox', dpoOf7speaking)).status).toBe(403);
    });

    it('the staff account of demo reads the mailbox (live codes and download links): 403', async () => {
      expect((await get('notification', '/v1/mailbox', staffOfDemo)).status).toBe(403);
      expect((await get('notification', `/v1/mailbox/${fixtures.mailboxId}`, staffOfDemo)).status).toBe(403);
    });

    it('the staff account of demo pauses and rejects the demo request: 403, 403, and nothing changes', async () => {
      const trail = async () =>
        ((await (await get('intake', `/v1/staff/requests/${fresh.reference}/audit`, dpoOfDemo)).json()) as { entries: unknown[] }).entries;
      const before = await trail();
      const pause = await post('intake', `/v1/staff/requests/${fresh.reference}/pause`, staffOfDemo, { cause: 'awaiting-clarification' });
      expect(pause.status).toBe(403);
      const reject = await post('intake', `/v1/staff/requests/${fresh.reference}/reject`, staffOfDemo, {
        reason: 'manifestly-unfounded',
        explanation: 'probe',
      });
      expect(reject.status).toBe(403);
      expect(await trail()).toEqual(before);
    });

    it('7speaking’s DPO pauses the demo request: 404; demo’s DPO may', async () => {
      const body = { cause: 'awaiting-clarification' };
      const foreign = await post('intake', `/v1/staff/requests/${fresh.reference}/pause`, dpoOf7speaking, body);
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toMatchObject({ code: 'request-not-found' });
      const own = await post('intake', `/v1/staff/requests/${fresh.reference}/pause`, dpoOfDemo, body);
      expect(own.status).toBe(200);
      expect(await own.json()).toMatchObject({ status: 'paused' });
    });
  });
});
