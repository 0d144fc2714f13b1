import { Logger } from '@nestjs/common';
import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildCallbackBody, callbackBackoffMs, OpenDsrCallbackSender, OpenDsrStatusChange } from './opendsr-callback.sender';
import { OpenDsrSigner } from './opendsr-signer';
import { OpenDsrModuleOptions, resolveOpenDsrOptions } from './opendsr.options';

const DOMAIN = 'opendsr.processor.test';
const ID = 'a7551968-d5d6-44b2-9831-815ac9017798';

interface Received {
  method?: string;
  path?: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A controller's callback endpoint on 127.0.0.1: answers each call with the next scripted reply. */
class CallbackEndpoint {
  readonly received: Received[] = [];
  replies: Array<number | 'hang' | { status: number; headers: Record<string, string> }> = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ method: request.method, path: request.url, headers: request.headers, body: Buffer.concat(chunks) });
        const reply = this.replies.shift() ?? 202;
        if (reply === 'hang') return;
        const { status, headers } = typeof reply === 'number' ? { status: reply, headers: {} } : reply;
        response.writeHead(status, headers).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function change(overrides: Partial<OpenDsrStatusChange> = {}): OpenDsrStatusChange {
  return {
    subjectRequestId: ID,
    controllerId: 'controller-a',
    previousStatus: 'verified',
    status: 'in-progress',
    expectedCompletionAt: new Date('2018-11-01T15:00:01.250Z'),
    ...overrides,
  };
}

describe('buildCallbackBody', () => {
  it('builds the §8.6 body for one URL, in OpenDSR statuses', () => {
    expect(
      buildCallbackBody(
        change({ status: 'completed', resultsUrl: `https://${DOMAIN}/secure/r1`, resultsCount: 340 }),
        'https://examplecontroller.com/opendsr/callbacks',
      ),
    ).toEqual({
      controller_id: 'controller-a',
      expected_completion_time: '2018-11-01T15:00:01Z',
      status_callback_url: 'https://examplecontroller.com/opendsr/callbacks',
      subject_request_id: ID,
      request_status: 'completed',
      results_url: `https://${DOMAIN}/secure/r1`,
      results_count: 340,
    });
  });

  it('maps every lifecycle status and leaves results_count out for 1.0 controllers', () => {
    const url = 'https://c.test/cb';
    expect(buildCallbackBody(change({ status: 'awaiting-verification' }), url).request_status).toBe('pending');
    expect(buildCallbackBody(change({ status: 'paused' }), url).request_status).toBe('in_progress');
    expect(buildCallbackBody(change({ status: 'rejected' }), url).request_status).toBe('cancelled');
    expect(buildCallbackBody(change({ status: 'completed', resultsCount: 2, apiVersion: '1.0' }), url)).not.toHaveProperty('results_count');
  });
});

describe('callbackBackoffMs', () => {
  it('doubles from the initial delay, with jitter, up to the ceiling', () => {
    expect(callbackBackoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(callbackBackoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(callbackBackoffMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(callbackBackoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('OpenDsrCallbackSender', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const endpoint = new CallbackEndpoint();
  let base: string;

  function sender(overrides: Partial<OpenDsrModuleOptions> = {}): OpenDsrCallbackSender {
    const options = resolveOpenDsrOptions({
      processorDomain: DOMAIN,
      privateKeyPem,
      processorCertificateUrl: `https://${DOMAIN}/cert.pem`,
      gateway: {} as never,
      authenticateController: () => undefined,
      allowHttpCallbacks: true,
      allowPrivateCallbacks: true,
      callbackRetry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 },
      ...overrides,
    });
    return new OpenDsrCallbackSender(options, new OpenDsrSigner(privateKeyPem, DOMAIN));
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    base = await endpoint.start();
  });

  afterAll(async () => {
    await endpoint.stop();
  });

  beforeEach(() => {
    endpoint.received.length = 0;
    endpoint.replies = [];
  });

  it('POSTs the signed §8.6 body to every callback URL', async () => {
    const urls = [`${base}/opendsr/callbacks`, `${base}/other?tenant=7`];
    const deliveries = await sender().send(change(), urls);

    expect(deliveries).toEqual(urls.map((url) => ({ url, outcome: 'delivered', attempts: 1, lastStatus: 202 })));
    expect(endpoint.received).toHaveLength(2);
    for (const call of endpoint.received) {
      const url = `${base}${call.path}`;
      expect(call.method).toBe('POST');
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-opendsr-processor-domain']).toBe(DOMAIN);
      expect(call.headers['x-opengdpr-processor-domain']).toBe(DOMAIN);
      const signature = Buffer.from(call.headers['x-opendsr-signature'] as string, 'base64');
      expect(verify('sha256', call.body, publicKey, signature)).toBe(true);
      expect(call.headers['x-opengdpr-signature']).toBe(call.headers['x-opendsr-signature']);
      expect(JSON.parse(call.body.toString('utf8'))).toEqual({
        controller_id: 'controller-a',
        expected_completion_time: '2018-11-01T15:00:01Z',
        status_callback_url: url,
        subject_request_id: ID,
        request_status: 'in_progress',
      });
    }
  });

  it('retries with back-off on 5xx, 429 and timeouts, then succeeds', async () => {
    endpoint.replies = [503, { status: 429, headers: { 'Retry-After': '0' } }, 202];
    expect(await sender().send(change(), [`${base}/cb`])).toEqual([
      { url: `${base}/cb`, outcome: 'delivered', attempts: 3, lastStatus: 202 },
    ]);

    endpoint.received.length = 0;
    endpoint.replies = ['hang', 200];
    const [afterTimeout] = await sender().send(change(), [`${base}/cb`]);
    expect(afterTimeout).toMatchObject({ outcome: 'delivered', attempts: 2 });
  });

  it('gives up after maxAttempts', async () => {
    endpoint.replies = [500, 500, 500, 500];
    const [delivery] = await sender().send(change(), [`${base}/cb`]);

    expect(delivery).toEqual({ url: `${base}/cb`, outcome: 'failed', attempts: 3, lastStatus: 500, error: 'answered 500' });
    expect(endpoint.received).toHaveLength(3);
  });

  it('does not retry a refusal, nor follow a redirect', async () => {
    endpoint.replies = [403];
    expect((await sender().send(change(), [`${base}/cb`]))[0]).toMatchObject({ outcome: 'failed', attempts: 1, lastStatus: 403 });

    endpoint.replies = [{ status: 302, headers: { Location: `${base}/elsewhere` } }];
    expect((await sender().send(change(), [`${base}/cb`]))[0]).toMatchObject({ outcome: 'failed', attempts: 1, lastStatus: 302 });
    expect(endpoint.received.map((call) => call.path)).toEqual(['/cb', '/cb']);
  });

  it('reports an unreachable endpoint as failed', async () => {
    const [delivery] = await sender({ callbackRetry: { maxAttempts: 2, initialDelayMs: 1, timeoutMs: 300 } }).send(change(), [
      'http://127.0.0.1:1/cb',
    ]);
    expect(delivery).toEqual({ url: 'http://127.0.0.1:1/cb', outcome: 'failed', attempts: 2, error: 'could not connect' });
  });

  it('refuses non-http(s) URLs, and plain http unless allowed, without calling them', async () => {
    const deliveries = await sender().send(change(), ['ftp://127.0.0.1/cb', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']);
    expect(deliveries.map((d) => [d.outcome, d.attempts])).toEqual([
      ['refused', 0],
      ['refused', 0],
      ['refused', 0],
      ['refused', 0],
    ]);

    const [httpOnly] = await sender({ allowHttpCallbacks: false }).send(change(), [`${base}/cb`]);
    // The endpoint listens on loopback: refused, and never called, unless private callbacks are allowed.
    const [internal] = await sender({ allowPrivateCallbacks: false }).send(change(), [`${base}/cb`]);
    expect(internal).toMatchObject({ outcome: 'refused', attempts: 0, error: 'the URL points to a loopback or private address' });
    expect(httpOnly).toEqual({ url: `${base}/cb`, outcome: 'refused', attempts: 0, error: 'the URL is not https' });
    expect(endpoint.received).toHaveLength(0);
  });

  it('sends nothing when the OpenDSR status does not change', async () => {
    expect(await sender().send(change({ previousStatus: 'received', status: 'verified' }), [`${base}/cb`])).toEqual([]);
    expect(endpoint.received).toHaveLength(0);
  });

  it('sends once per distinct URL', async () => {
    await sender().send(change({ previousStatus: undefined, status: 'received' }), [`${base}/cb`, `${base}/cb`]);
    expect(endpoint.received).toHaveLength(1);
    expect(JSON.parse(endpoint.received[0].body.toString()).request_status).toBe('pending');
  });
});
