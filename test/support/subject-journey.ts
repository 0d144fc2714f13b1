import { expectEventually, unzip } from '@dsar/testing';
import { createHash } from 'node:crypto';
import { Mailbox, mailsFor } from './mailbox';
import { manifestOf, recordsOf } from './package-zip';

export interface PlatformUrls {
  intake: string;
  identity: string;
}

export interface SubmittedRequest {
  id: string;
  reference: string;
  trackingToken: string;
  dueAt: string;
}

async function json<T>(response: Response, expectedStatus: number): Promise<T> {
  const body = await response.text();
  if (response.status !== expectedStatus) throw new Error(`expected HTTP ${expectedStatus}, got ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

/** The subject submits an access request on the public API. */
export async function submitAccessRequest(urls: PlatformUrls, email: string): Promise<SubmittedRequest> {
  const response = await fetch(`${urls.intake}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'access', details: { scope: 'all' }, subject: { email }, language: 'en' }),
  });
  return json<SubmittedRequest>(response, 201);
}

/** The subject reads the code from their e-mail and submits it. */
export async function verifyWithEmailedCode(urls: PlatformUrls, mailbox: Mailbox, request: SubmittedRequest, email: string): Promise<void> {
  const [mail] = await expectEventually(
    async () => {
      const mails = await mailsFor(mailbox, request.id, 'verification-code');
      return mails.length > 0 ? mails : undefined;
    },
    { timeoutMs: 60_000, what: 'the verification e-mail' },
  );
  expect(mail.to).toBe(email);
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  expect(code).toBeDefined();
  const response = await fetch(`${urls.identity}/v1/requests/${request.id}/verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(await json<{ status: string }>(response, 200)).toEqual({ requestId: request.id, status: 'verified' });
}

/**
 * Someone who does not control the address guesses codes until the code is used up: the code
 * stops working, but the verification stays open and the request is never rejected for it.
 */
export async function guessVerificationCodes(urls: PlatformUrls, mailbox: Mailbox, request: SubmittedRequest): Promise<void> {
  const [mail] = await expectEventually(
    async () => {
      const mails = await mailsFor(mailbox, request.id, 'verification-code');
      return mails.length > 0 ? mails : undefined;
    },
    { timeoutMs: 60_000, what: 'the verification e-mail' },
  );
  const sent = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '000000';
  const wrong = String((Number(sent) + 1) % 1_000_000).padStart(6, '0');
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const response = await fetch(`${urls.identity}/v1/requests/${request.id}/verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: wrong }),
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([422, 422, 422, 422, 429]);
  expect(await trackedStatus(urls, request)).toBe('awaiting-verification');
}

/** The requester proves the address under a policy that asks more; returns the token for the next steps. */
export async function proveAddressForMore(
  urls: PlatformUrls,
  mailbox: Mailbox,
  request: SubmittedRequest,
): Promise<{ nextStep: string; token: string }> {
  const [mail] = await expectEventually(async () => {
    const mails = await mailsFor(mailbox, request.id, 'verification-code');
    return mails.length > 0 ? mails : undefined;
  });
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  const response = await fetch(`${urls.identity}/v1/requests/${request.id}/verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = await json<{ status: string; nextStep: string; verificationToken: string }>(response, 200);
  expect(body.status).toBe('more-proof-needed');
  return { nextStep: body.nextStep, token: body.verificationToken };
}

export interface DownloadedPackage {
  requestId: string;
  systems: { systemId: string; outcome: string; recordCount: number; data: { tables: Record<string, Record<string, unknown>[]> } }[];
  /** The ZIP as downloaded, and its entries by name. */
  zip: Buffer;
  entries: Map<string, Buffer>;
}

/**
 * The subject follows the link of the completion e-mail, asks for the one-time download code,
 * reads it from the second e-mail and downloads the package (a ZIP). Its systems are returned
 * with their records grouped by source (table), as the demo databases hold them.
 */
export async function downloadFromEmailedLink(mailbox: Mailbox, request: SubmittedRequest, timeoutMs = 90_000): Promise<DownloadedPackage> {
  const [mail] = await expectEventually(
    async () => {
      const mails = await mailsFor(mailbox, request.id, 'package-ready');
      return mails.length > 0 ? mails : undefined;
    },
    { timeoutMs, what: 'the download e-mail' },
  );
  const link = /https?:\/\/\S+\/v1\/downloads\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeDefined();
  const codesBefore = (await mailsFor(mailbox, request.id, 'download-code')).length;
  expect((await fetch(`${link}/code`, { method: 'POST' })).status).toBe(202);
  const codeMails = await expectEventually(
    async () => {
      const mails = await mailsFor(mailbox, request.id, 'download-code');
      return mails.length > codesBefore ? mails : undefined;
    },
    { timeoutMs: 60_000, what: 'the download-code e-mail' },
  );
  const code = /\b(\d{6})\b/.exec(codeMails[codeMails.length - 1].text)?.[1];
  expect(code).toBeDefined();
  const response = await fetch(link!, { headers: { 'x-download-code': code! } });
  const body = Buffer.from(await response.arrayBuffer());
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  expect(response.headers.get('digest')).toBe(`sha-256=${createHash('sha256').update(body).digest('base64')}`);
  const entries = await unzip(body);
  const manifest = manifestOf(entries);
  return {
    requestId: manifest.requestId,
    systems: manifest.systems.map((system) => {
      const tables: Record<string, Record<string, unknown>[]> = {};
      for (const line of recordsOf(entries, system.systemId)) (tables[line.source] ??= []).push(line.record);
      return { systemId: system.systemId, outcome: system.outcome, recordCount: system.recordCount, data: { tables } };
    }),
    zip: body,
    entries,
  };
}

export async function trackedStatus(urls: PlatformUrls, request: SubmittedRequest): Promise<string> {
  const response = await fetch(`${urls.intake}/v1/requests/${request.reference}`, {
    headers: { 'x-tracking-token': request.trackingToken },
  });
  return (await json<{ status: string }>(response, 200)).status;
}

/** What the demo databases hold for Ada, as seeded: the package must carry exactly this. */
export function expectAdaDemoRecords(pkg: DownloadedPackage): void {
  const crm = pkg.systems.find((s) => s.systemId === 'demo-crm');
  const marketing = pkg.systems.find((s) => s.systemId === 'demo-marketing');
  expect(crm?.outcome).toBe('exported');
  expect(crm?.recordCount).toBe(3);
  expect(crm?.data.tables['crm.customers']).toEqual([
    expect.objectContaining({ email: 'ada@example.org', first_name: 'Ada', last_name: 'Lovelace' }),
  ]);
  expect(crm?.data.tables['crm.orders'].map((o) => o.product)).toEqual(['English course, 20 lessons', 'Business English workshop']);
  expect(marketing?.data.tables['marketing.subscriptions']).toEqual([
    expect.objectContaining({ list: 'newsletter', consent_source: 'sign-up form' }),
  ]);
  // Nothing of another subject.
  expect(JSON.stringify(pkg)).not.toMatch(/alan@example.org|grace@example.org|Turing|Hopper/);
}

/** What a requester shows beyond control of their address, when the controller's policy asks it. */
export interface Proofs {
  /** A proof of standing the profile accepts (parent, heir, designated person). */
  authorityProof?: string;
  /** Heirs and designated persons also prove the death. */
  actsForDeceased?: boolean;
  /** A parent gives the minor's date of birth with the proof. */
  minorDateOfBirth?: string;
}

const SIGNED_PDF = () => new Blob([Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('signed copy')])]);

async function upload(urls: PlatformUrls, request: SubmittedRequest, token: string, fields: Record<string, string>): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', SIGNED_PDF(), 'proof.pdf');
  const response = await fetch(`${urls.identity}/v1/requests/${request.id}/verification/documents`, {
    method: 'POST',
    headers: { 'x-verification-token': token },
    body: form,
  });
  await json(response, 201);
}

/**
 * The requester proves the address with the e-mailed code, then, where the policy asks more,
 * sends an ID copy and the proofs of standing; the DPO approves them.
 */
export async function verifyAsThePolicyAsks(
  urls: PlatformUrls,
  mailbox: Mailbox,
  staff: Record<string, string>,
  request: SubmittedRequest,
  proofs: Proofs = {},
): Promise<void> {
  const [mail] = await expectEventually(
    async () => {
      const mails = await mailsFor(mailbox, request.id, 'verification-code');
      return mails.length > 0 ? mails : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 2_000, what: 'the verification e-mail' },
  );
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  const answer = await fetch(`${urls.identity}/v1/requests/${request.id}/verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const outcome = await json<{ status: string; nextStep?: string; verificationToken?: string }>(answer, 200);
  if (outcome.status === 'verified') return;
  expect(outcome.status).toBe('more-proof-needed');
  const token = outcome.verificationToken!;
  if (outcome.nextStep === 'id-document') await upload(urls, request, token, { purpose: 'id-document' });
  if (proofs.authorityProof) {
    const minor: Record<string, string> = proofs.minorDateOfBirth ? { subjectDateOfBirth: proofs.minorDateOfBirth } : {};
    await upload(urls, request, token, { purpose: 'authority-proof', proofKind: proofs.authorityProof, ...minor });
    if (proofs.actsForDeceased) await upload(urls, request, token, { purpose: 'authority-proof', proofKind: 'death-certificate' });
  }
  const item = await expectEventually(
    async () => {
      const queue = await json<{ id: string; requestId: string }[]>(
        await fetch(`${urls.identity}/v1/staff/verifications`, { headers: staff }),
        200,
      );
      return queue.find((v) => v.requestId === request.id);
    },
    { timeoutMs: 300_000, intervalMs: 2_000, what: 'the verification to reach the DPO' },
  );
  const approved = await fetch(`${urls.identity}/v1/staff/verifications/${item.id}/approve`, {
    method: 'POST',
    headers: staff,
    body: JSON.stringify({ note: 'ID checked' }),
  });
  await json(approved, 200);
}
