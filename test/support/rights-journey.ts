import { expectEventually } from '@dsar/testing';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Mailbox } from './mailbox';
import { ExportLine, manifestOf, PackageManifest, recordsOf } from './package-zip';
import { downloadFromEmailedLink, PlatformUrls, SubmittedRequest, verifyWithEmailedCode } from './subject-journey';

/** The bodies a subject sends for each right the fulfilment answers end to end. */
export const RIGHT_BODIES: Record<string, Record<string, unknown>> = {
  access: { type: 'access', details: { scope: 'all' } },
  portability: { type: 'portability', details: { formats: ['json', 'csv'] } },
  erasure: { type: 'erasure', details: { scope: 'all', ground: 'consent-withdrawn' } },
  rectification: {
    type: 'rectification',
    details: { items: [{ data: 'phone', currentValue: 'unknown', correctedValue: '+33 6 00 00 00 00' }] },
  },
  restriction: { type: 'restriction', details: { ground: 'accuracy-contested' } },
  objection: { type: 'objection', details: { processing: 'direct-marketing', purposes: ['newsletter'] } },
  'consent-withdrawal': { type: 'consent-withdrawal', details: { purposes: ['newsletter'] } },
};

export interface Reply {
  request: SubmittedRequest;
  manifest: PackageManifest;
  entries: Map<string, Buffer>;
}

/** A subject exercises a right, proves who they are with the e-mailed code, and downloads the reply. */
export async function exerciseRight(
  urls: PlatformUrls,
  mailbox: Mailbox,
  right: string,
  email: string,
  language: 'en' | 'fr' = 'en',
): Promise<Reply> {
  const response = await fetch(`${urls.intake}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...RIGHT_BODIES[right], subject: { email }, language }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`submitting ${right}: HTTP ${response.status}: ${text}`);
  const request = JSON.parse(text) as SubmittedRequest;
  await verifyWithEmailedCode(urls, mailbox, request, email);
  const pkg = await downloadFromEmailedLink(mailbox, request, 120_000);
  return { request, manifest: manifestOf(pkg.entries), entries: pkg.entries };
}

/** The manifest's checksums match every file, and checksums.sha256 lists them all. */
export function expectConsistentPackage(reply: Reply): void {
  const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
  for (const file of reply.manifest.files) {
    expect(reply.entries.has(file.path)).toBe(true);
    expect(sha256(reply.entries.get(file.path)!)).toBe(file.sha256);
  }
  const listed = reply.entries.get('checksums.sha256')!.toString('utf8').trim().split('\n');
  expect(listed.map((line) => line.split('  ')[1]).sort()).toEqual([...reply.manifest.files.map((f) => f.path), 'manifest.json'].sort());
  for (const line of listed) {
    const [hash, path] = line.split('  ');
    expect(sha256(reply.entries.get(path)!)).toBe(hash);
  }
  expect(reply.entries.get('report.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
}

interface DemoTable {
  table: string;
  category: string;
  identity: { email: string };
  columns: string[];
}
interface DemoSystem {
  id: string;
  tables: DemoTable[];
}

/** The demo systems the collector serves (apps/collector-postgres/config/demo-systems.json). */
export function demoSystems(): DemoSystem[] {
  const file = resolve(__dirname, '../../apps/collector-postgres/config/demo-systems.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { systems: DemoSystem[] }).systems;
}

const normalise = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

/** What the demo databases hold about one e-mail address, table by table, in the columns a collector exports. */
export async function demoRows(demoDatabaseUrl: string, email: string): Promise<Map<string, Record<string, unknown>[]>> {
  const sql = new Client({ connectionString: demoDatabaseUrl });
  await sql.connect();
  try {
    const rows = new Map<string, Record<string, unknown>[]>();
    for (const system of demoSystems()) {
      for (const table of system.tables) {
        const columns = table.columns.map((c) => `"${c}"`).join(', ');
        const [schema, name] = table.table.split('.');
        const result = await sql.query(`SELECT ${columns} FROM "${schema}"."${name}" WHERE "${table.identity.email}" = $1`, [email]);
        rows.set(table.table, result.rows);
      }
    }
    return rows;
  } finally {
    await sql.end();
  }
}

/** Every system's data in the package is what the demo databases hold for the subject, no more, no less. */
export async function expectPackageMatchesDemo(reply: Reply, demoDatabaseUrl: string, email: string): Promise<void> {
  const expected = await demoRows(demoDatabaseUrl, email);
  for (const system of demoSystems()) {
    const lines: ExportLine[] = recordsOf(reply.entries, system.id);
    for (const table of system.tables) {
      const inPackage = lines.filter((line) => line.source === table.table);
      const inDatabase = expected.get(table.table)!;
      expect({ table: table.table, records: inPackage.length }).toEqual({ table: table.table, records: inDatabase.length });
      for (const line of inPackage) expect(line.category).toBe(table.category);
      const projected = (record: Record<string, unknown>) =>
        normalise(Object.fromEntries(table.columns.map((c) => [c, record[c] ?? null])));
      expect(inPackage.map((line) => projected(line.record))).toEqual(expect.arrayContaining(inDatabase.map((row) => normalise(row))));
    }
  }
}

export async function staffFetch(url: string, staffToken: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    ...init,
    headers: { ...(init.headers ?? {}), authorization: `Bearer ${staffToken}`, 'content-type': 'application/json' },
  });
}

/** Polls until the demo database answers the query with a row count that passes. */
export async function eventuallyCount(
  demoDatabaseUrl: string,
  query: string,
  params: unknown[],
  accept: (n: number) => boolean,
): Promise<number> {
  return expectEventually(async () => {
    const sql = new Client({ connectionString: demoDatabaseUrl });
    await sql.connect();
    try {
      const n = (await sql.query(query, params)).rowCount ?? 0;
      return accept(n) ? n : undefined;
    } finally {
      await sql.end();
    }
  });
}

interface FulfilmentSummary {
  status: string;
  postMortem?: { proposedRefusal?: { reason: string; explanation: string; basis: string } };
}

/**
 * The DPO's part once fulfilment holds a reply (systems silent, a review the profile asks, or a
 * refusal the law calls for): send the reply as it stands, or refuse the request through intake
 * with the reason fulfilment proposes. Nothing when the reply went without the DPO.
 */
export async function dpoAnswers(
  urls: { intake: string; fulfilment: string },
  staff: Record<string, string>,
  request: SubmittedRequest,
): Promise<void> {
  const summary = await expectEventually(
    async () => {
      const body = (await (
        await fetch(`${urls.fulfilment}/v1/staff/fulfilments/${request.id}`, { headers: staff })
      ).json()) as FulfilmentSummary;
      return ['awaiting-review', 'completed'].includes(body.status) ? body : undefined;
    },
    // Systems get at least a minute before they count as silent.
    { timeoutMs: 480_000, intervalMs: 2_000, what: 'the reply to be delivered or held for the DPO' },
  );
  if (summary.status === 'completed') return;
  const refusal = summary.postMortem?.proposedRefusal;
  const decision = refusal
    ? await fetch(`${urls.intake}/v1/staff/requests/${request.reference}/reject`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ reason: refusal.reason, explanation: `${refusal.explanation} (${refusal.basis})` }),
      })
    : await fetch(`${urls.fulfilment}/v1/staff/fulfilments/${request.id}/approve`, {
        method: 'POST',
        headers: staff,
        body: JSON.stringify({ redactions: [] }),
      });
  expect([200, 201]).toContain(decision.status);
}
