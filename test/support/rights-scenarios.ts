import { Client } from 'pg';
import { ControllerProfile, RequesterKind, RequestType, verificationPlanFor } from '@dsar/domain';
import { expectEventually, sampleRequest } from '@dsar/testing';
import { randomUUID } from 'node:crypto';
import { lastMailTo, Mailbox, mailsFor, ReceivedMail } from './mailbox';
import { recordsOf } from './package-zip';
import { demoSystems, dpoAnswers, exerciseRight, expectConsistentPackage, expectPackageMatchesDemo, Reply } from './rights-journey';
import { PlatformUrls, Proofs, SubmittedRequest, trackedStatus, verifyAsThePolicyAsks } from './subject-journey';

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

/** The platform as the reference controllers' journeys use it: the services, the mailbox, a DPO's credentials. */
export interface ReferencePlatform {
  urls: PlatformUrls & { fulfilment: string };
  mailbox: Mailbox;
  staff: Record<string, string>;
}

/** How a journey ended for the requester: the status they track and the last e-mail they received. */
export interface Ending {
  request: SubmittedRequest;
  status: string;
  lastMail: ReceivedMail;
}

/** What a journey must end with; `says` is in the controller's first language. */
export interface ExpectedEnding {
  name: string;
  status: 'completed' | 'rejected';
  kind: string;
  says?: string;
}

/** The e-mails that close a request for its requester. */
const LAST_WORDS = ['package-ready', 'post-mortem-directive-recorded', 'deceased-subject-answered', 'rejection'];
const POST_MORTEM_RIGHTS = ['post-mortem-directive', 'deceased-subject'];
const unique = (name: string) => `${name}.${randomUUID().slice(0, 8)}@example.org`;
const yearsAgo = (years: number) => new Date(Date.now() - years * 365.25 * 86_400_000).toISOString().slice(0, 10);

async function submitted(urls: PlatformUrls, body: Record<string, unknown>): Promise<SubmittedRequest> {
  const response = await fetch(`${urls.intake}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`submitting ${String(body.type)}: HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as SubmittedRequest;
}

/** A request from submission to its end: verified as the policy asks, answered (by the DPO where fulfilment holds it). */
async function driven(platform: ReferencePlatform, body: Record<string, unknown>, requester: string, proofs: Proofs = {}): Promise<Ending> {
  const request = await submitted(platform.urls, body);
  await verifyAsThePolicyAsks(platform.urls, platform.mailbox, platform.staff, request, proofs);
  await dpoAnswers(platform.urls, platform.staff, request);
  return expectEventually(
    async () => {
      const status = await trackedStatus(platform.urls, request);
      const lastMail = await lastMailTo(platform.mailbox, request.id, requester);
      return ['completed', 'rejected'].includes(status) && lastMail && LAST_WORDS.includes(lastMail.kind)
        ? { request, status, lastMail }
        : undefined;
    },
    { timeoutMs: 300_000, intervalMs: 2_000, what: `the end of the ${String(body.type)} request and its last e-mail` },
  );
}

const WORDS = {
  en: {
    registered: 'is registered',
    changed: 'is changed',
    revoked: 'is revoked',
    erased: 'the accounts of the deceased person are closed',
    communicated: 'the data you may obtain is ready for you',
  },
  fr: {
    registered: 'est enregistrée',
    changed: 'est modifiée',
    revoked: 'est révoquée',
    erased: 'les comptes de la personne décédée sont clôturés',
    communicated: 'les données que vous pouvez obtenir sont à votre disposition',
  },
};

/**
 * Every right a controller offers, driven to its end on the whole platform, and what the
 * requester must last have received: each right of GDPR Arts. 7(3) and 15-21 and information;
 * a parent's access request for a minor; where the profile's law knows them (LIL arts. 84-86), a
 * post-mortem directive registered, changed and revoked, and the requests about the deceased
 * author of an heir (refused while a directive designates someone, answered without one) and of
 * the designated person.
 */
export function everyRightOf(profile: ControllerProfile): {
  expected: ExpectedEnding[];
  start: (platform: ReferencePlatform) => Record<string, Promise<Ending>>;
} {
  const language = profile.languages[0] === 'fr' ? 'fr' : 'en';
  const words = WORDS[language];
  const offers = (type: RequestType) => profile.rights.some((right) => right.type === type);
  const standard = profile.rights.map((right) => right.type).filter((type) => !POST_MORTEM_RIGHTS.includes(type));
  const proofOf = (type: RequestType, kind: RequesterKind) => verificationPlanFor(profile, type, kind).authorityProofs?.[0];
  const body = (type: RequestType, email: string, overrides: Record<string, unknown> = {}) => ({
    ...sampleRequest(type, email, profile.id),
    language,
    ...overrides,
  });
  const author = unique('author');
  const designee = unique('designee');
  const directive = (details: Record<string, unknown>) => body('post-mortem-directive', author, { details });
  const forDeceased = (subject: string, requester: { kind: RequesterKind; email: string }, purpose: string) =>
    body('deceased-subject', subject, {
      details: { dateOfDeath: '2026-01-10', purpose },
      requester: { ...requester, fullName: 'Noor Byron', relationship: 'daughter' },
    });

  const expected: ExpectedEnding[] = [
    ...standard.map((type) => ({ name: type, status: 'completed' as const, kind: 'package-ready' })),
    { name: 'access by a parent for a minor', status: 'completed', kind: 'package-ready' },
  ];
  if (offers('post-mortem-directive')) {
    const recorded = 'post-mortem-directive-recorded';
    expected.push(
      { name: 'post-mortem directive registered', status: 'completed', kind: recorded, says: words.registered },
      { name: 'post-mortem directive changed', status: 'completed', kind: recorded, says: words.changed },
      { name: 'post-mortem directive revoked', status: 'completed', kind: recorded, says: words.revoked },
    );
  }
  if (offers('deceased-subject')) {
    const answered = 'deceased-subject-answered';
    expected.push({ name: 'an heir without directives has the accounts closed', status: 'completed', kind: answered, says: words.erased });
    if (offers('post-mortem-directive')) {
      expected.push(
        {
          name: 'an heir is refused while a directive designates someone',
          status: 'rejected',
          kind: 'rejection',
          says: 'Loi Informatique et Libertés art. 85-I',
        },
        {
          name: 'the designated person obtains what the directive communicates',
          status: 'completed',
          kind: answered,
          says: words.communicated,
        },
      );
    }
  }

  const start = (platform: ReferencePlatform): Record<string, Promise<Ending>> => {
    const journeys: Record<string, Promise<Ending>> = {};
    for (const type of standard) {
      const subject = unique(type);
      journeys[type] = driven(platform, body(type, subject), subject);
    }
    const parent = unique('parent');
    const minor = { email: unique('minor'), fullName: 'Ada Junior', dateOfBirth: yearsAgo(10) };
    journeys['access by a parent for a minor'] = driven(
      platform,
      body('access', minor.email, {
        subject: minor,
        requester: { kind: 'parent-or-guardian', email: parent, fullName: 'Ada Lovelace', relationship: 'mother' },
      }),
      parent,
      { authorityProof: proofOf('access', 'parent-or-guardian'), minorDateOfBirth: minor.dateOfBirth },
    );
    const deceasedProofs = (kind: RequesterKind) => ({ authorityProof: proofOf('deceased-subject', kind), actsForDeceased: true });
    if (offers('deceased-subject')) {
      const heir = { kind: 'heir' as const, email: unique('heir') };
      journeys['an heir without directives has the accounts closed'] = driven(
        platform,
        forDeceased(unique('deceased'), heir, 'close-accounts'),
        heir.email,
        deceasedProofs('heir'),
      );
    }
    if (offers('post-mortem-directive')) {
      const registered = driven(
        platform,
        directive({
          action: 'register',
          scope: 'general',
          instructions: [{ target: 'all', action: 'erase' }],
          designatedPerson: { fullName: 'Byron', email: designee },
        }),
        author,
      );
      const changed = registered.then((first) =>
        driven(
          platform,
          directive({
            action: 'change',
            scope: 'general',
            directiveReference: first.request.reference,
            instructions: [{ target: 'all', action: 'communicate', recipient: 'Byron' }],
          }),
          author,
        ),
      );
      journeys['post-mortem directive registered'] = registered;
      journeys['post-mortem directive changed'] = changed;
      const whileInForce: Promise<Ending>[] = [];
      if (offers('deceased-subject')) {
        const heir = { kind: 'heir' as const, email: unique('heir') };
        const designated = { kind: 'designated-person' as const, email: designee };
        journeys['an heir is refused while a directive designates someone'] = changed.then(() =>
          driven(platform, forDeceased(author, heir, 'close-accounts'), heir.email, deceasedProofs('heir')),
        );
        journeys['the designated person obtains what the directive communicates'] = changed.then(() =>
          driven(platform, forDeceased(author, designated, 'execute-directive'), designee, deceasedProofs('designated-person')),
        );
        whileInForce.push(
          journeys['an heir is refused while a directive designates someone'],
          journeys['the designated person obtains what the directive communicates'],
        );
      }
      journeys['post-mortem directive revoked'] = Promise.allSettled([changed, ...whileInForce]).then(async () =>
        driven(platform, directive({ action: 'revoke', directiveReference: (await registered).request.reference }), author),
      );
    }
    // Failures are reported by the test that awaits each journey, never as unhandled rejections.
    for (const journey of Object.values(journeys)) journey.catch(() => undefined);
    return journeys;
  };
  return { expected, start };
}
