import { expectEventually } from '@dsar/testing';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { Mailbox, mailsFor } from './mailbox';
import { PlatformUrls, SubmittedRequest, trackedStatus, verifyWithEmailedCode } from './subject-journey';

const REPO_ROOT = resolve(__dirname, '../..');

/** The demo controller, whose DPO reviews access replies before they go out. */
export const REVIEWED_CONTROLLER = 'demo-reviewed';
/** The demo controller with one more system that nobody answers for: its collection stays open. */
export const SILENT_SYSTEM_CONTROLLER = 'demo-silent';
const SILENT_SYSTEM = 'demo-paper-archive';

export interface LifecyclePlatform {
  urls: PlatformUrls & { fulfilment: string };
  mailbox: Mailbox;
  staffToken: string;
}

/** Every reference profile, plus the two demo variants the lifecycle scenarios need; returns the folder (PROFILES_DIR). */
export async function profilesWithLifecycleVariants(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dsar-lifecycle-profiles-'));
  const source = join(REPO_ROOT, 'config/controllers');
  for (const file of await readdir(source)) await copyFile(join(source, file), join(dir, file));
  const demo = parse(await readFile(join(source, 'demo.yaml'), 'utf8'));

  const reviewed = structuredClone(demo);
  reviewed.id = REVIEWED_CONTROLLER;
  reviewed.fulfilment.reviewBefore = ['access'];
  await writeFile(join(dir, `${REVIEWED_CONTROLLER}.yaml`), stringify(reviewed));

  const silent = structuredClone(demo);
  silent.id = SILENT_SYSTEM_CONTROLLER;
  silent.systems.push({ id: SILENT_SYSTEM, name: 'Demo paper archive', kind: 'database' });
  silent.systemsMap.identity = [...silent.systemsMap.identity, SILENT_SYSTEM];
  await writeFile(join(dir, `${SILENT_SYSTEM_CONTROLLER}.yaml`), stringify(silent));
  return dir;
}

interface FulfilmentSummary {
  status: string;
  dueAt: string;
  tasks: { systemId: string; status: string; respondBy: string }[];
}

async function call<T>(url: string, init: RequestInit & { expected: number }): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (response.status !== init.expected) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Intake owns each request's lifecycle, and fulfilment follows it. The scenarios, as a subject
 * and a DPO would live them, after the subject proved their address: a cancellation while the
 * reply waits for review, a refusal by the DPO, a pause and an extension, and a reply refused in
 * review. Each mode runs the ones named.
 */
export function describeOneOwner(platform: () => LifecyclePlatform, scenarios: Scenario[]): void {
  const p = () => platform();
  const staff = () => ({ authorization: `Bearer ${p().staffToken}`, 'content-type': 'application/json' });
  const summary = (request: SubmittedRequest) =>
    call<FulfilmentSummary>(`${p().urls.fulfilment}/v1/staff/fulfilments/${request.id}`, { headers: staff(), expected: 200 });
  const fulfilmentBecomes = (request: SubmittedRequest, status: string) =>
    expectEventually(
      async () => {
        const current = await summary(request).catch(() => undefined);
        return current?.status === status ? current : undefined;
      },
      { timeoutMs: 90_000, what: `fulfilment ${status}` },
    );
  const staffDecision = (request: SubmittedRequest, decision: string, body: object = {}) =>
    call<{ status: string; dueAt: string }>(`${p().urls.intake}/v1/staff/requests/${request.reference}/${decision}`, {
      method: 'POST',
      headers: staff(),
      body: JSON.stringify(body),
      expected: 200,
    });
  const oneMail = (request: SubmittedRequest, kind: string) =>
    expectEventually(
      async () => {
        const mails = await mailsFor(p().mailbox, request.id, kind);
        return mails.length === 1 ? mails[0] : undefined;
      },
      { timeoutMs: 60_000, what: `the ${kind} e-mail` },
    );

  /** A subject of their own (the demo systems hold nothing about them), so no scenario meets another's rate limit. */
  async function verifiedAccess(controllerId: string): Promise<SubmittedRequest & { email: string }> {
    const email = `lifecycle.${randomUUID().slice(0, 8)}@example.org`;
    const request = await call<SubmittedRequest>(`${p().urls.intake}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ controllerId, type: 'access', details: { scope: 'all' }, subject: { email }, language: 'en' }),
      expected: 201,
    });
    await verifyWithEmailedCode(p().urls, p().mailbox, request, email);
    return { ...request, email };
  }

  /** What a stopped fulfilment leaves: nothing delivered, nothing announced to the subject. */
  async function expectNothingDelivered(request: SubmittedRequest): Promise<void> {
    const stopped = await summary(request);
    expect(stopped.tasks.filter((t) => t.status === 'requested' || t.status === 'pending')).toEqual([]);
    expect(await mailsFor(p().mailbox, request.id, 'package-ready')).toHaveLength(0);
  }

  const all: Record<Scenario, () => void> = {
    'cancelled-in-review': () =>
      it('cancel after verification while the reply waits for review: no package, no "ready" mail, approval refused (409)', async () => {
        const request = await verifiedAccess(REVIEWED_CONTROLLER);
        await fulfilmentBecomes(request, 'awaiting-review');
        const cancelled = await call<{ status: string }>(`${p().urls.intake}/v1/requests/${request.reference}/cancel`, {
          method: 'POST',
          headers: { 'x-tracking-token': request.trackingToken },
          expected: 200,
        });
        expect(cancelled.status).toBe('cancelled');
        await fulfilmentBecomes(request, 'cancelled');
        const refused = await call<{ code: string }>(`${p().urls.fulfilment}/v1/staff/fulfilments/${request.id}/approve`, {
          method: 'POST',
          headers: staff(),
          body: '{}',
          expected: 409,
        });
        expect(refused.code).toBe('request-cancelled');
        await oneMail(request, 'cancellation');
        await expectNothingDelivered(request);
        expect(await trackedStatus(p().urls, request)).toBe('cancelled');
      }),

    'rejected-by-dpo': () =>
      it('DPO rejection after verification: fulfilment stops, its open task cancelled, nothing delivered', async () => {
        const request = await verifiedAccess(SILENT_SYSTEM_CONTROLLER);
        await fulfilmentBecomes(request, 'collecting');
        await staffDecision(request, 'reject', { reason: 'excessive', explanation: 'Third identical request this month.' });
        const stopped = await fulfilmentBecomes(request, 'rejected');
        expect(stopped.tasks.find((t) => t.systemId === SILENT_SYSTEM)?.status).toBe('cancelled');
        expect((await oneMail(request, 'rejection')).text).toContain('Third identical request this month.');
        await expectNothingDelivered(request);
      }),

    'paused-and-extended': () =>
      it('pause and extension after verification: fulfilment holds while paused, and its timeouts follow the new due date', async () => {
        const request = await verifiedAccess(SILENT_SYSTEM_CONTROLLER);
        const collecting = await fulfilmentBecomes(request, 'collecting');
        const openTask = () => collecting.tasks.find((t) => t.systemId === SILENT_SYSTEM)!;
        expect(openTask().status).toBe('requested');
        const respondBy = new Date(openTask().respondBy).getTime();

        await staffDecision(request, 'pause', { cause: 'awaiting-clarification', note: 'Which account?' });
        await fulfilmentBecomes(request, 'held');
        await staffDecision(request, 'resume');
        const resumed = await fulfilmentBecomes(request, 'collecting');
        const pausedFor = new Date(resumed.dueAt).getTime() - new Date(collecting.dueAt).getTime();
        const afterPause = new Date(resumed.tasks.find((t) => t.systemId === SILENT_SYSTEM)!.respondBy).getTime();
        expect(afterPause).toBe(respondBy + pausedFor);

        const extended = await staffDecision(request, 'extend', { reasons: 'Records spread over eight systems and a paper archive.' });
        const { dueAt } = extended;
        expect(new Date(dueAt).getTime()).toBeGreaterThan(new Date(resumed.dueAt).getTime() + 50 * 86_400_000);
        const following = await expectEventually(
          async () => {
            const current = await summary(request);
            return current.dueAt && new Date(current.dueAt).getTime() === new Date(dueAt).getTime() ? current : undefined;
          },
          { what: 'fulfilment to take the extended due date' },
        );
        const moved = new Date(following.tasks.find((t) => t.systemId === SILENT_SYSTEM)!.respondBy).getTime();
        expect(moved).toBe(afterPause + (new Date(dueAt).getTime() - new Date(resumed.dueAt).getTime()));
        await staffDecision(request, 'reject', { reason: 'manifestly-unfounded', explanation: 'Closing the test request.' });
      }),

    'reply-rejected-in-review': () =>
      it('reply rejected in review: the subject tracks "rejected" and is told why, with the authority', async () => {
        const request = await verifiedAccess(REVIEWED_CONTROLLER);
        await fulfilmentBecomes(request, 'awaiting-review');
        await call(`${p().urls.fulfilment}/v1/staff/fulfilments/${request.id}/reject`, {
          method: 'POST',
          headers: staff(),
          body: JSON.stringify({ reasonCode: 'rights-of-others', explanation: 'The call recordings are mostly about other customers.' }),
          expected: 201,
        });
        await expectEventually(async () => ((await trackedStatus(p().urls, request)) === 'rejected' ? true : undefined), {
          timeoutMs: 60_000,
          what: 'intake to reject the request',
        });
        const told = await oneMail(request, 'rejection');
        expect(told.to).toBe(request.email);
        expect(told.text).toContain('answering would adversely affect the rights and freedoms of others');
        expect(told.text).toContain('The call recordings are mostly about other customers.');
        expect(told.text).toContain('Commission nationale de l');
        expect(await mailsFor(p().mailbox, request.id, 'package-ready')).toHaveLength(0);
      }),
  };
  for (const scenario of scenarios) all[scenario]();
}

export type Scenario = 'cancelled-in-review' | 'rejected-by-dpo' | 'paused-and-extended' | 'reply-rejected-in-review';
export const EVERY_SCENARIO: Scenario[] = ['cancelled-in-review', 'rejected-by-dpo', 'paused-and-extended', 'reply-rejected-in-review'];
