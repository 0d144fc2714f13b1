import { Client } from 'pg';
import { expectEventually } from '@dsar/testing';
import { Mailbox, mailsFor } from './mailbox';
import { recordsOf } from './package-zip';
import { demoSystems, exerciseRight, expectConsistentPackage, expectPackageMatchesDemo, Reply } from './rights-journey';
import { PlatformUrls, trackedStatus } from './subject-journey';

export interface RightsPlatform {
  urls: PlatformUrls;
  mailbox: Mailbox;
  demoDatabaseUrl: string;
}

async function demoQuery<T extends Record<string, unknown>>(platform: RightsPlatform, query: string, params: unknown[]): Promise<T[]> {
  const sql = new Client({ connectionString: platform.demoDatabaseUrl });
  await sql.connect();
  try {
    return (await sql.query(query, params)).rows as T[];
  } finally {
    await sql.end();
  }
}

const systemOf = (reply: Reply, systemId: string) => reply.manifest.systems.find((s) => s.systemId === systemId)!;

/**
 * Every right through to the subject's reply, against the demo systems, as the same `it`s in
 * both modes. Runs in order: the access package is compared with the demo databases before
 * any other right changes them.
 */
export function describeEveryRight(platform: () => RightsPlatform): void {
  it('access: a ZIP whose manifest, checksums and every system’s data match the demo databases, with the register’s report', async () => {
    const reply = await exerciseRight(platform().urls, platform().mailbox, 'access', 'ada@example.org');
    expect(reply.manifest).toMatchObject({ kind: 'access', requestType: 'access', partial: false });
    expect(reply.manifest.systems.map((s) => s.systemId).sort()).toEqual(
      demoSystems()
        .map((s) => s.id)
        .sort(),
    );
    expectConsistentPackage(reply);
    await expectPackageMatchesDemo(reply, platform().demoDatabaseUrl, 'ada@example.org');
    const csv = reply.entries.get('systems/demo-crm/data.csv')!.toString('utf8');
    expect(csv.split('\n')[0]).toMatch(/^category,source,/);
    expect(csv).toContain('Lovelace');
    const html = reply.entries.get('report.html')!.toString('utf8');
    expect(html).toContain('Managing your customer account');
    expect(html).toContain('Code de commerce art. L123-22');
    expect(html).toContain('Commission nationale de l&#x27;informatique et des libertés (CNIL)');
    expect(html).toContain('Demo Hosting SAS (hosting provider)');
    expect(await trackedStatus(platform().urls, reply.request)).toBe('completed');
  });

  it('portability: the subject’s own data, as JSON and CSV', async () => {
    const reply = await exerciseRight(platform().urls, platform().mailbox, 'portability', 'ada@example.org', 'fr');
    expect(reply.manifest).toMatchObject({ kind: 'portability', requestType: 'portability' });
    expectConsistentPackage(reply);
    const crm = systemOf(reply, 'demo-crm');
    expect(crm.files).toEqual(['systems/demo-crm/data.json', 'systems/demo-crm/data.csv']);
    expect(recordsOf(reply.entries, 'demo-crm').length).toBeGreaterThan(0);
    expect(reply.entries.get('report.html')!.toString('utf8')).toContain("<html lang='fr'>");
  });

  it('erasure: erased rows gone or anonymised, kept rows kept with their reason, and the reply says so', async () => {
    const before = await demoQuery(platform(), `SELECT count(*)::int AS n FROM crm.orders WHERE customer_email = $1`, ['alan@example.org']);
    expect(before[0].n).toBe(1);
    const reply = await exerciseRight(platform().urls, platform().mailbox, 'erasure', 'alan@example.org');
    expect(reply.manifest).toMatchObject({ kind: 'action-report', requestType: 'erasure' });
    expectConsistentPackage(reply);
    for (const system of reply.manifest.systems) expect(system.action).toBe('erase');

    // The customer record is anonymised (kept for the claims period, without what identifies him); the rest is gone.
    expect(await demoQuery(platform(), `SELECT 1 FROM crm.customers WHERE email = $1`, ['alan@example.org'])).toHaveLength(0);
    expect(
      await demoQuery(platform(), `SELECT 1 FROM crm.customers WHERE email LIKE 'erased-%@invalid.example' AND last_name IS NULL`, []),
    ).toHaveLength(1);
    expect(await demoQuery(platform(), `SELECT 1 FROM crm.customers WHERE last_name = 'Turing'`, [])).toHaveLength(0);
    expect(await demoQuery(platform(), `SELECT 1 FROM learning.progress WHERE learner_email = $1`, ['alan@example.org'])).toHaveLength(0);
    // The order is an accounting document: kept, and the reply says why and until when.
    expect(await demoQuery(platform(), `SELECT 1 FROM crm.orders WHERE customer_email = $1`, ['alan@example.org'])).toHaveLength(1);
    const orders = systemOf(reply, 'demo-crm').categories.find((c) => c.category === 'orders') as {
      kept?: { basis: string; until?: string }[];
    };
    expect(orders.kept).toEqual([
      expect.objectContaining({ basis: expect.stringContaining('L123-22'), until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    ]);
    const html = reply.entries.get('report.html')!.toString('utf8');
    expect(html).toContain('Kept: 1');
    expect(html).toContain('Recipients told of this (GDPR Art. 19)');
    // Art. 19: the register's recipient is told, at the address the profile gives.
    const [notice] = await expectEventually(
      async () => {
        const mails = await mailsFor(platform().mailbox, reply.request.id, 'recipient-notification');
        return mails.length ? mails : undefined;
      },
      { what: 'the Art. 19 notice to the recipient' },
    );
    expect(notice.to).toBe('privacy@demo-hosting.example.org');
  });

  it('rectification: the corrected value is in the system, and the reply says what was done', async () => {
    const reply = await exerciseRight(platform().urls, platform().mailbox, 'rectification', 'grace@example.org');
    expect(reply.manifest).toMatchObject({ kind: 'action-report', requestType: 'rectification' });
    expect(systemOf(reply, 'demo-crm')).toMatchObject({ action: 'rectify', outcome: 'completed' });
    const [grace] = await demoQuery<{ phone: string }>(platform(), `SELECT phone FROM crm.customers WHERE email = $1`, [
      'grace@example.org',
    ]);
    expect(grace.phone).toBe('+33 6 00 00 00 00');
  });

  it('restriction: the records are marked restricted', async () => {
    const reply = await exerciseRight(platform().urls, platform().mailbox, 'restriction', 'grace@example.org');
    expect(reply.manifest).toMatchObject({ kind: 'action-report', requestType: 'restriction' });
    expect(systemOf(reply, 'demo-crm')).toMatchObject({ action: 'restrict', outcome: 'completed' });
    const [grace] = await demoQuery<{ processing_restricted: boolean }>(
      platform(),
      `SELECT processing_restricted FROM crm.customers WHERE email = $1`,
      ['grace@example.org'],
    );
    expect(grace.processing_restricted).toBe(true);
  });

  it.each(['objection', 'consent-withdrawal'])('%s: the newsletter stops', async (right) => {
    const reply = await exerciseRight(platform().urls, platform().mailbox, right, 'ada@example.org');
    expect(reply.manifest).toMatchObject({ kind: 'action-report', requestType: right });
    expect(systemOf(reply, 'demo-marketing')).toMatchObject({ outcome: 'completed' });
    const [subscription] = await demoQuery<{ consent_withdrawn_at: Date | null }>(
      platform(),
      `SELECT consent_withdrawn_at FROM marketing.subscriptions WHERE email = $1 AND list = 'newsletter'`,
      ['ada@example.org'],
    );
    expect(subscription.consent_withdrawn_at).not.toBeNull();
  });
}
