import { authorityFor, ControllerProfile } from '@dsar/domain';
import { loadControllerProfiles } from '@dsar/profiles';
import { expectEventually, sampleRequest } from '@dsar/testing';
import { convert } from 'html-to-text';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { httpMailbox, Mailbox, mailsFor } from '../support/mailbox';
import { downloadFromEmailedLink, SubmittedRequest } from '../support/subject-journey';

const REPO_ROOT = resolve(__dirname, '../..');
const BASE_PORT = Number(process.env.DSAR_E2E_REFERENCE_PORT ?? 3500);
const REFERENCE_PROFILES = ['1to1-consulting', '7speaking', 'ambassade-des-langues', 'cambridge-school'];

/**
 * The reference controllers on the whole platform: an access request verified as each one's
 * policy asks, its systems (none of them collectable here) timing out to the DPO, the DPO sending
 * the partial reply, and the subject reading a report built from that controller's own register.
 */
describe('embedded mode: the access report of each reference controller', () => {
  let platform: EmbeddedPlatform;
  let mailbox: Mailbox;
  let staff: Record<string, string>;
  const url = (offset: number) => platform.url(offset);
  const profiles = loadControllerProfiles(join(REPO_ROOT, 'config/controllers')).profiles;

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-reference-profiles-', {
      COLLECTION_TIMEOUT_SECONDS: '2',
      SWEEP_INTERVAL_MS: '250',
    });
    const secrets = JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as {
      staffToken: string;
      dpoPassword: string;
    };
    mailbox = httpMailbox(url(3), secrets.staffToken);
    staff = { authorization: `Basic ${Buffer.from(`dpo:${secrets.dpoPassword}`).toString('base64')}`, 'content-type': 'application/json' };
  });

  afterAll(() => platform?.stop());

  async function submit(controllerId: string, language: string): Promise<SubmittedRequest> {
    const body = { ...sampleRequest('access', `ada.${randomUUID().slice(0, 8)}@example.org`, controllerId), language };
    const response = await fetch(`${url(0)}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as SubmittedRequest;
  }

  /** The subject proves the address, and sends an ID copy when the policy asks one; the DPO approves it. */
  async function verifyAsThePolicyAsks(request: SubmittedRequest): Promise<void> {
    const [mail] = await expectEventually(async () => {
      const mails = await mailsFor(mailbox, request.id, 'verification-code');
      return mails.length > 0 ? mails : undefined;
    });
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    const answer = await fetch(`${url(1)}/v1/requests/${request.id}/verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(answer.status).toBe(200);
    const outcome = (await answer.json()) as { status: string; nextStep?: string; verificationToken?: string };
    if (outcome.status === 'verified') return;
    expect(outcome).toMatchObject({ status: 'more-proof-needed', nextStep: 'id-document' });
    const form = new FormData();
    form.append('purpose', 'id-document');
    form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('signed copy')])]), 'id.pdf');
    const uploaded = await fetch(`${url(1)}/v1/requests/${request.id}/verification/documents`, {
      method: 'POST',
      headers: { 'x-verification-token': outcome.verificationToken! },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const item = await expectEventually(async () => {
      const queue = (await (await fetch(`${url(1)}/v1/staff/verifications`, { headers: staff })).json()) as {
        id: string;
        requestId: string;
      }[];
      return queue.find((v) => v.requestId === request.id);
    });
    const approved = await fetch(`${url(1)}/v1/staff/verifications/${item.id}/approve`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ note: 'ID checked' }),
    });
    expect(approved.status).toBe(200);
  }

  /** None of a reference controller's systems answers here: the DPO sees the silent ones and sends what there is. */
  async function dpoSendsThePartialReply(request: SubmittedRequest): Promise<void> {
    await expectEventually(
      async () => {
        const response = await fetch(`${url(2)}/v1/staff/fulfilments/${request.id}`, { headers: staff });
        const body = (await response.json()) as { status?: string };
        return body.status === 'awaiting-review' ? true : undefined;
      },
      // Systems get at least a minute before they count as silent.
      { timeoutMs: 150_000, intervalMs: 500, what: 'the reply to wait for the DPO' },
    );
    const approved = await fetch(`${url(2)}/v1/staff/fulfilments/${request.id}/approve`, {
      method: 'POST',
      headers: staff,
      body: JSON.stringify({ redactions: [] }),
    });
    expect(approved.status).toBe(201); // a new version of the reply is created
  }

  function expectedLines(profile: ControllerProfile, language: string): string[] {
    const named = (name: Record<string, string>) => name[language] ?? name.en ?? Object.values(name)[0];
    return [
      profile.legalEntity.name,
      authorityFor(profile, 'FR').name,
      ...profile.register.purposes.map((purpose) => named(purpose.name as Record<string, string>)),
    ];
  }

  async function reportFor(
    controllerId: string,
  ): Promise<{ report: string; pdf: Buffer; manifest: { partial: boolean; language: string } }> {
    const language = profiles.get(controllerId)!.languages[0];
    const request = await submit(controllerId, language);
    await verifyAsThePolicyAsks(request);
    await dpoSendsThePartialReply(request);
    const reply = await downloadFromEmailedLink(mailbox, request, 90_000);
    return {
      report: convert(reply.entries.get('report.html')!.toString('utf8'), { wordwrap: false }),
      pdf: reply.entries.get('report.pdf')!,
      manifest: JSON.parse(reply.entries.get('manifest.json')!.toString('utf8')),
    };
  }

  // The four run side by side: each waits a minute for its silent systems.
  it('gives each controller its own register and authority, in its language, in HTML and PDF', async () => {
    const replies = await Promise.all(REFERENCE_PROFILES.map(reportFor));
    REFERENCE_PROFILES.forEach((controllerId, index) => {
      const profile = profiles.get(controllerId)!;
      const { report, pdf, manifest } = replies[index];
      for (const line of expectedLines(profile, profile.languages[0])) expect(report).toContain(line);
      for (const other of REFERENCE_PROFILES.filter((id) => id !== controllerId)) {
        expect(report).not.toContain(profiles.get(other)!.legalEntity.name);
      }
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(manifest).toMatchObject({ partial: true, language: profile.languages[0] });
    });
  }, 300_000);
});
