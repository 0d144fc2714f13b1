import { Body, Controller, Get, INestApplication, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { createHash, generateKeyPairSync, KeyObject, verify } from 'node:crypto';
import request from 'supertest';
import { AccessGuard, hashToken, Public, StaffTokenStrategy } from '@dsar/auth';
import { ProblemDetailsFilter, strictValidationPipe } from '@dsar/platform';
import { bearerTokenControllerAuthenticator } from './opendsr-controller-auth';
import { OpenDsrModule } from './opendsr.module';
import { OpenDsrModuleOptions } from './opendsr.options';
import { InMemoryOpenDsrRequestGateway } from './testing/in-memory-opendsr-request.gateway';

const NOW = new Date('2024-05-01T10:00:00.000Z');
const DOMAIN = 'opendsr.processor.test';
const TOKEN_A = 'controller-a-token';
const TOKEN_B = 'controller-b-token';
const ID = 'a7551968-d5d6-44b2-9831-815ac9017798';

class PlatformBody {
  @IsString() name!: string;
}

/** Stands for the platform's own routes, which keep problem+json and the staff guard. */
@Controller('v1/requests')
class PlatformRequestsController {
  @Post()
  @Public()
  create(@Body() body: PlatformBody) {
    return body;
  }

  @Get(':id')
  find() {
    return {};
  }
}

function v2Body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject_request_id: ID,
    regulation: 'gdpr',
    subject_request_type: 'erasure',
    submitted_time: '2018-10-02T15:00:00Z',
    subject_identities: [{ identity_type: 'email', identity_value: 'johndoe@example.com', identity_format: 'raw' }],
    api_version: '2.0',
    status_callback_urls: ['https://examplecontroller.com/opendsr/callbacks'],
    ...overrides,
  };
}

function verifies(body: string, signature: string | undefined, publicKey: KeyObject): boolean {
  return signature !== undefined && verify('sha256', Buffer.from(body, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
}

describe('OpenDsrModule', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let app: INestApplication;
  let gateway: InMemoryOpenDsrRequestGateway;

  async function boot(overrides: Partial<OpenDsrModuleOptions> = {}, rawBody = true): Promise<INestApplication> {
    gateway = new InMemoryOpenDsrRequestGateway(() => NOW);
    const moduleRef = await Test.createTestingModule({
      imports: [
        PassportModule,
        OpenDsrModule.register({
          processorDomain: DOMAIN,
          privateKeyPem,
          processorCertificateUrl: `https://${DOMAIN}/cert.pem`,
          gateway,
          authenticateController: bearerTokenControllerAuthenticator([
            { controllerId: 'controller-a', tokenSha256: createHash('sha256').update(TOKEN_A).digest('hex') },
            { controllerId: 'controller-b', tokenSha256: createHash('sha256').update(TOKEN_B).digest('hex') },
          ]),
          supportedSubjectRequestTypes: ['erasure', 'access'],
          supportedIdentities: [
            { type: 'email', format: 'raw' },
            { type: 'email', format: 'sha256' },
          ],
          clock: () => NOW,
          ...overrides,
        }),
      ],
      controllers: [PlatformRequestsController],
      providers: [
        // Wired as PlatformModule wires them: a global problem+json filter and a staff-token guard.
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: StaffTokenStrategy, useFactory: () => new StaffTokenStrategy([hashToken('staff-token')]) },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
    }).compile();
    const application = moduleRef.createNestApplication({ rawBody, logger: false });
    application.useGlobalPipes(strictValidationPipe());
    await application.init();
    return application;
  }

  const http = () => request(app.getHttpServer());
  const create = (body: unknown, path = '/v2/requests', token = TOKEN_A) =>
    http()
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  function expectSpecError(response: request.Response, status: number): void {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['pragma']).toBe('no-cache');
    expect(response.body.error.code).toBe(status);
    expect(typeof response.body.error.message).toBe('string');
    for (const detail of response.body.error.errors ?? []) {
      expect(Object.keys(detail).sort()).toEqual(['domain', 'message', 'reason']);
    }
    expect(response.body.type).toBeUndefined();
  }

  beforeAll(async () => {
    app = await boot();
  });

  afterAll(async () => {
    await app.close();
  });

  beforeEach(() => {
    gateway.requests.clear();
    gateway.created.length = 0;
  });

  describe('discovery (§6)', () => {
    it('describes the 2.0 support, signed, without a staff token or controller credentials', async () => {
      const response = await http().get('/v2/discovery').set('Accept', 'application/json');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toEqual({
        api_version: '2.0',
        supported_identities: [
          { identity_type: 'email', identity_format: 'raw' },
          { identity_type: 'email', identity_format: 'sha256' },
        ],
        supported_subject_request_types: ['erasure', 'access'],
        processor_certificate: `https://${DOMAIN}/cert.pem`,
      });
      expect(response.headers['x-opendsr-processor-domain']).toBe(DOMAIN);
      expect(verifies(response.text, response.headers['x-opendsr-signature'], publicKey)).toBe(true);
    });

    it('answers HEAD like GET, without a body', async () => {
      const response = await http().head('/v2/discovery');
      expect(response.status).toBe(200);
      expect(response.headers['x-opendsr-signature']).toBeDefined();
    });

    it('keeps the 1.0 route, answering api_version 1.0 with the X-OpenGDPR-* headers (§10.1)', async () => {
      const response = await http().get('/v1/discovery');

      expect(response.status).toBe(200);
      expect(response.body.api_version).toBe('1.0');
      expect(response.headers['x-opengdpr-processor-domain']).toBe(DOMAIN);
      expect(verifies(response.text, response.headers['x-opengdpr-signature'], publicKey)).toBe(true);
    });
  });

  describe('request creation (§7)', () => {
    it('answers 201 with the signed receipt of §7.3 and hands the request to the lifecycle', async () => {
      const raw = JSON.stringify(v2Body(), null, 2);
      const response = await create(raw);

      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        controller_id: 'controller-a',
        expected_completion_time: '2024-05-31T10:00:00Z',
        received_time: '2024-05-01T10:00:00Z',
        encoded_request: Buffer.from(raw, 'utf8').toString('base64'),
        subject_request_id: ID,
      });
      expect(response.headers['x-opendsr-processor-domain']).toBe(DOMAIN);
      expect(verifies(response.text, response.headers['x-opendsr-signature'], publicKey)).toBe(true);
      expect(response.headers['x-opengdpr-signature']).toBe(response.headers['x-opendsr-signature']);
      expect(gateway.created).toEqual([
        {
          requestType: 'erasure',
          subjectIdentities: [{ type: 'email', value: 'johndoe@example.com', format: 'raw' }],
          submittedTime: new Date('2018-10-02T15:00:00Z'),
          regulation: 'gdpr',
          callbackUrls: ['https://examplecontroller.com/opendsr/callbacks'],
          controllerId: 'controller-a',
          subjectRequestId: ID,
          requestFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
          apiVersion: '2.0',
        },
      ]);
    });

    it('passes only its own extension and the identities it supports, and accepts identities carried by the extension', async () => {
      const response = await create(
        v2Body({
          subject_request_id: '0b6d0f5e-7f0e-4c62-9d8e-0e4f1c1a2b3c',
          subject_identities: [
            { identity_type: 'ios_advertising_id', identity_value: '6d92078a-8246-4ba4-ae5b-76104861e7dc', identity_format: 'raw' },
            {
              identity_type: 'email',
              identity_value: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
              identity_format: 'sha256',
            },
          ],
          extensions: { [DOMAIN]: { account: 42 }, 'other-processor.test': { id: 1 } },
        }),
      );
      expect(response.status).toBe(201);
      expect(gateway.created[0].subjectIdentities).toEqual([
        { type: 'email', value: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881', format: 'sha256' },
      ]);
      expect(gateway.created[0].extensions).toEqual({ account: 42 });

      const extensionOnly = await create(
        v2Body({
          subject_request_id: '1b6d0f5e-7f0e-4c62-9d8e-0e4f1c1a2b3c',
          subject_identities: undefined,
          extensions: { [DOMAIN]: { ids: [1] } },
        }),
      );
      expect(extensionOnly.status).toBe(201);
      expect(gateway.created[1].subjectIdentities).toEqual([]);
    });

    it('replays the original receipt for the same request sent twice, and refuses a reused id', async () => {
      const first = await create(v2Body());
      const again = await create(v2Body());
      expect(again.status).toBe(201);
      expect(again.body.received_time).toBe(first.body.received_time);
      expect(gateway.created).toHaveLength(1);

      const reused = await create(v2Body({ subject_request_type: 'access' }));
      expectSpecError(reused, 400);
      expect(reused.body.error.errors[0].reason).toBe('DuplicateSubjectRequestId');
    });

    it('scopes subject_request_id to the controller', async () => {
      expect((await create(v2Body())).status).toBe(201);
      const other = await create(v2Body(), '/v2/requests', TOKEN_B);
      expect(other.status).toBe(201);
      expect(other.body.controller_id).toBe('controller-b');
    });

    it('refuses a caller the authenticator does not know with 401, in the OpenDSR form', async () => {
      const response = await create(v2Body(), '/v2/requests', 'nobody');
      expectSpecError(response, 401);
      expect(gateway.created).toHaveLength(0);
    });
  });

  describe('errors (§7.5-7.7)', () => {
    it('answers a missing field as the §7.7 example does', async () => {
      const { subject_request_id: _omitted, ...body } = v2Body();
      const response = await create(body);

      expectSpecError(response, 400);
      expect(response.body).toEqual({
        error: {
          code: 400,
          message: 'subject_request_id field is required',
          errors: [{ domain: 'Validation', reason: 'IllegalArgumentException', message: 'subject_request_id field is required.' }],
        },
      });
    });

    it.each([
      [
        'an uppercase subject_request_id (§1.1)',
        { subject_request_id: ID.toUpperCase() },
        'subject_request_id must be a lowercase UUID v4.',
      ],
      ['a v1 UUID', { subject_request_id: 'a7551968-d5d6-14b2-9831-815ac9017798' }, 'subject_request_id must be a lowercase UUID v4.'],
      ['a date that is not RFC 3339', { submitted_time: '2018-10-02 15:00:00' }, 'submitted_time must be an RFC 3339 date-time.'],
      ['an impossible date', { submitted_time: '2018-02-30T15:00:00Z' }, 'submitted_time must be an RFC 3339 date-time.'],
      ['no regulation in 2.0', { regulation: undefined }, 'regulation field is required.'],
      ['an unknown regulation', { regulation: 'lgpd' }, 'regulation must be one of: gdpr, ccpa.'],
      [
        'an identity type outside §5.1',
        { subject_identities: [{ identity_type: 'phone', identity_value: 'x', identity_format: 'raw' }] },
        'subject_identities[0].identity_type must be one of the identity types of section 5.1',
      ],
      [
        'an identity without format',
        { subject_identities: [{ identity_type: 'email', identity_value: 'x' }] },
        'subject_identities[0].identity_format field is required.',
      ],
      ['no identity and no extension (§5.3)', { subject_identities: [] }, 'subject_identities field is required unless'],
      [
        'a non-https callback URL',
        { status_callback_urls: ['http://examplecontroller.com/cb'] },
        'status_callback_urls has a URL that is not https.',
      ],
      [
        'a callback URL on a private address (blind SSRF)',
        { status_callback_urls: ['https://169.254.169.254/latest/meta-data'] },
        'status_callback_urls has a URL that points to a loopback or private address.',
      ],
      [
        'a name instead of an e-mail address in an e-mail identity',
        { subject_identities: [{ identity_type: 'email', identity_value: 'John Doe', identity_format: 'raw' }] },
        'subject_identities[0].identity_value must be an e-mail address.',
      ],
      [
        'a hashed identity that is not a hash',
        { subject_identities: [{ identity_type: 'email', identity_value: 'john@example.com', identity_format: 'sha256' }] },
        'subject_identities[0].identity_value must be 64 hexadecimal digits (sha256).',
      ],
      [
        'a javascript: callback URL',
        { status_callback_urls: ['javascript:alert(1)'] },
        'status_callback_urls has a URL that is not https.',
      ],
      ['extensions that are not objects', { extensions: { [DOMAIN]: 'x' } }, 'extensions must contain one object per processor domain.'],
      ['an api_version of another major', { api_version: '1.0' }, 'api_version is not served here'],
    ])('refuses %s with 400', async (_case, overrides, message) => {
      const response = await create(v2Body(overrides));
      expectSpecError(response, 400);
      expect(response.body.error.errors.map((e: { message: string }) => e.message).join('\n')).toContain(message);
      expect(response.text).not.toContain('johndoe@example.com');
      expect(gateway.created).toHaveLength(0);
    });

    it('refuses a subject_request_type outside §6.2 and one this processor does not support', async () => {
      const outside = await create(v2Body({ subject_request_type: 'rectification' }));
      expectSpecError(outside, 400);
      expect(outside.body.error.errors[0].message).toContain(
        'subject_request_type must be one of the subject request types of section 6.2',
      );

      const unsupported = await create(v2Body({ subject_request_type: 'portability' }));
      expectSpecError(unsupported, 400);
      expect(unsupported.body.error.errors[0]).toEqual({
        domain: 'Validation',
        reason: 'UnsupportedSubjectRequestType',
        message: 'subject_request_type is not supported by this processor; supported: erasure, access.',
      });
    });

    it('refuses a request whose identities are all unsupported', async () => {
      const response = await create(
        v2Body({ subject_identities: [{ identity_type: 'android_id', identity_value: 'x', identity_format: 'raw' }] }),
      );
      expectSpecError(response, 400);
      expect(response.body.error.errors[0].reason).toBe('UnsupportedIdentity');
    });

    it('lists every invalid field at once', async () => {
      const response = await create({ subject_request_type: 'erasure' });
      expectSpecError(response, 400);
      expect(response.body.error.message).toBe('The request has 3 invalid fields');
      expect(response.body.error.errors.map((e: { message: string }) => e.message)).toEqual([
        'regulation field is required.',
        'subject_request_id field is required.',
        'submitted_time field is required.',
      ]);
    });

    it('refuses malformed JSON in the OpenDSR form, though the body parser fails before routing', async () => {
      const response = await create('{"subject_request_id": ');
      expectSpecError(response, 400);
      expect(response.body.error.errors[0].reason).toBe('MalformedJson');
    });

    it.each([
      { subject_identities: [null] },
      { subject_identities: ['johndoe@example.com'] },
      { subject_identities: { identity_type: 'email' } },
      { subject_identities: [{ identity_type: 'email', identity_value: 42, identity_format: 'raw' }] },
      { subject_request_id: 123 },
      { submitted_time: 1538492400 },
      { status_callback_urls: 'https://examplecontroller.com/cb' },
      { status_callback_urls: [42] },
      { extensions: [] },
      { extensions: { ['__proto__']: { polluted: true } }, subject_identities: [] },
      { api_version: 2 },
    ])('refuses oddly typed input %j with 400', async (overrides) => {
      const response = await create(v2Body(overrides));
      expectSpecError(response, 400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses a body that is not a JSON object', async () => {
      expectSpecError(await create('[1, 2]'), 400);
    });

    it('refuses another content type, and a missing body', async () => {
      const text = await http()
        .post('/v2/requests')
        .set('Authorization', `Bearer ${TOKEN_A}`)
        .set('Content-Type', 'text/plain')
        .send('hello');
      expectSpecError(text, 400);
      expect(text.body.error.errors[0]).toEqual({
        domain: 'Request',
        reason: 'UnsupportedContentType',
        message: 'Content-Type must be application/json.',
      });

      const none = await http().post('/v2/requests').set('Authorization', `Bearer ${TOKEN_A}`);
      expectSpecError(none, 400);
      expect(none.body.error.errors[0].reason).toBe('MissingBody');
    });

    it('answers 405 with Allow for a method an endpoint does not have', async () => {
      const put = await http().put(`/v2/requests/${ID}`).set('Content-Type', 'application/json').send('{}');
      expectSpecError(put, 405);
      expect(put.headers['allow']).toBe('GET, HEAD, DELETE');

      const list = await http().get('/v2/requests');
      expectSpecError(list, 405);
      expect(list.headers['allow']).toBe('POST');
    });

    it('leaves the platform routes to problem+json and the staff-token guard', async () => {
      const malformed = await http().post('/v1/requests').set('Content-Type', 'application/json').send('{"name": ');
      expect(malformed.status).toBe(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');

      const guarded = await http().get('/v1/requests/anything');
      expect(guarded.status).toBe(401);
      expect(guarded.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('status (§8)', () => {
    it('answers the signed status object, mapping the lifecycle onto §8', async () => {
      await create(v2Body());
      const pending = await http().get(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);

      expect(pending.status).toBe(200);
      expect(pending.headers['cache-control']).toBe('no-store');
      expect(pending.body).toEqual({
        controller_id: 'controller-a',
        expected_completion_time: '2024-05-31T10:00:00Z',
        subject_request_id: ID,
        request_status: 'pending',
        api_version: '2.0',
      });
      expect(pending.headers['x-opendsr-processor-domain']).toBe(DOMAIN);
      expect(verifies(pending.text, pending.headers['x-opendsr-signature'], publicKey)).toBe(true);

      gateway.update(ID, 'controller-a', { status: 'in-progress' });
      expect((await http().get(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`)).body.request_status).toBe('in_progress');

      gateway.update(ID, 'controller-a', { status: 'completed', resultsUrl: `https://${DOMAIN}/secure/r1`, resultsCount: 103 });
      const completed = await http().get(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);
      expect(completed.body).toMatchObject({ request_status: 'completed', results_url: `https://${DOMAIN}/secure/r1`, results_count: 103 });
    });

    it('serves the same status at /v2/status/{id} (§3.1 lists /status)', async () => {
      await create(v2Body());
      const response = await http().get(`/v2/status/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);
      expect(response.status).toBe(200);
      expect(response.body.request_status).toBe('pending');
      expect(verifies(response.text, response.headers['x-opendsr-signature'], publicKey)).toBe(true);
    });

    it('answers 404 for an unknown request or one of another controller, 400 for an invalid id', async () => {
      await create(v2Body());
      expectSpecError(await http().get('/v2/requests/0b6d0f5e-7f0e-4c62-9d8e-0e4f1c1a2b3c').set('Authorization', `Bearer ${TOKEN_A}`), 404);
      expectSpecError(await http().get(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_B}`), 404);
      const invalid = await http().get('/v2/requests/not-a-uuid').set('Authorization', `Bearer ${TOKEN_A}`);
      expectSpecError(invalid, 400);
      expect(invalid.body.error.message).toBe('subject_request_id must be a lowercase UUID v4');
      expectSpecError(await http().get(`/v2/requests/${ID}`), 401);
    });
  });

  describe('cancellation (§9)', () => {
    it('cancels a pending request with the signed 202 receipt of §9.2', async () => {
      await create(v2Body());
      const response = await http()
        .delete(`/v2/requests/${ID}`)
        .set('Authorization', `Bearer ${TOKEN_A}`)
        .set('Accept', 'application/json');

      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        controller_id: 'controller-a',
        subject_request_id: ID,
        received_time: '2024-05-01T10:00:00Z',
        api_version: '2.0',
      });
      expect(verifies(response.text, response.headers['x-opendsr-signature'], publicKey)).toBe(true);
      expect((await http().get(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`)).body.request_status).toBe('cancelled');
    });

    it('refuses to cancel a request past pending, and an unknown one', async () => {
      await create(v2Body());
      gateway.update(ID, 'controller-a', { status: 'in-progress' });
      const late = await http().delete(`/v2/requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);
      expectSpecError(late, 400);
      expect(late.body.error.errors[0].reason).toBe('NotCancellable');

      expectSpecError(
        await http().delete('/v2/requests/0b6d0f5e-7f0e-4c62-9d8e-0e4f1c1a2b3c').set('Authorization', `Bearer ${TOKEN_A}`),
        404,
      );
    });
  });

  describe('OpenGDPR 1.0 routes (§10.1)', () => {
    it('creates, reads and cancels under /v1/opengdpr_requests, signed with the X-OpenGDPR-* headers', async () => {
      const { regulation: _none, ...body } = v2Body({ api_version: '1.0' });
      const created = await create(body, '/v1/opengdpr_requests');
      expect(created.status).toBe(201);
      expect(created.headers['x-opengdpr-processor-domain']).toBe(DOMAIN);
      expect(verifies(created.text, created.headers['x-opengdpr-signature'], publicKey)).toBe(true);
      expect(gateway.created[0]).toMatchObject({ regulation: 'gdpr', apiVersion: '1.0' });

      gateway.update(ID, 'controller-a', { resultsCount: 3 });
      const status = await http().get(`/v1/opengdpr_requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);
      expect(status.status).toBe(200);
      expect(status.body).toEqual({
        controller_id: 'controller-a',
        expected_completion_time: '2024-05-31T10:00:00Z',
        subject_request_id: ID,
        request_status: 'pending',
        api_version: '1.0',
      });
      expect(verifies(status.text, status.headers['x-opengdpr-signature'], publicKey)).toBe(true);

      const cancelled = await http().delete(`/v1/opengdpr_requests/${ID}`).set('Authorization', `Bearer ${TOKEN_A}`);
      expect(cancelled.status).toBe(202);
      expect(cancelled.body.api_version).toBe('1.0');
    });

    it('keeps the 2.0 noun off the 1.0 routes and the error form on them', async () => {
      const wrongVersion = await create(v2Body({ api_version: '2.0' }), '/v1/opengdpr_requests');
      expectSpecError(wrongVersion, 400);
      expectSpecError(await create('{', '/v1/opengdpr_requests'), 400);
      expect((await http().get('/v2/opengdpr_requests')).status).toBe(404);
    });
  });

  it('fits in the OpenAPI document the platform builds at start-up', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('test').build());
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v2/discovery', '/v2/requests', '/v2/requests/{subject_request_id}', '/v1/opengdpr_requests']),
    );
  });

  describe('without raw bodies', () => {
    let plain: INestApplication;

    beforeAll(async () => {
      plain = await boot({ basePath: 'opendsr' }, false);
    });

    afterAll(async () => {
      await plain.close();
    });

    it('encodes the JSON of the body, and mounts under basePath', async () => {
      const body = v2Body();
      const response = await request(plain.getHttpServer())
        .post('/opendsr/v2/requests')
        .set('Authorization', `Bearer ${TOKEN_A}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body, null, 2));
      expect(response.status).toBe(201);
      expect(Buffer.from(response.body.encoded_request, 'base64').toString('utf8')).toBe(JSON.stringify(body));
      expectSpecError(
        await request(plain.getHttpServer()).post('/opendsr/v2/requests').set('Content-Type', 'application/json').send('{'),
        400,
      );
      expect((await request(plain.getHttpServer()).get('/v2/discovery')).status).toBe(404);
    });
  });
});
