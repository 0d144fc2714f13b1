import { authorityFor, ControllerProfile } from '@dsar/domain';
import { loadControllerProfiles } from '@dsar/profiles';
import { convert } from 'html-to-text';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { folderMailbox, Mailbox } from '../support/mailbox';
import { Ending, everyRightOf } from '../support/rights-scenarios';
import { downloadFromEmailedLink } from '../support/subject-journey';

const REPO_ROOT = resolve(__dirname, '../..');
const BASE_PORT = Number(process.env.DSAR_E2E_REFERENCE_PORT ?? 3500);
const REFERENCE_PROFILES = ['1to1-consulting', '7speaking', 'ambassade-des-langues', 'cambridge-school'];

/**
 * The reference controllers on one whole platform: every right each offers driven to its end and
 * the requester's last e-mail, all side by side; and an access request whose subject reads a
 * report built from that controller's own register. Requests are verified as each policy asks;
 * their systems (none of them collectable here) time out to the DPO, who sends the partial reply.
 */
describe('embedded mode: the reference controllers', () => {
  let platform: EmbeddedPlatform;
  let mailbox: Mailbox;
  let staff: Record<string, string>;
  const journeys = new Map<string, Record<string, Promise<Ending>>>();
  const url = (offset: number) => platform.url(offset);
  const urls = () => ({ intake: url(0), identity: url(1), fulfilment: url(2) });
  const profiles = loadControllerProfiles(join(REPO_ROOT, 'config/controllers')).profiles;

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-reference-profiles-', {
      COLLECTION_TIMEOUT_SECONDS: '2',
      SWEEP_INTERVAL_MS: '250',
      // Every journey submits from this one address.
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000',
    });
    const secrets = JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as {
      dpoPassword: string;
    };
    mailbox = folderMailbox(join(platform.dataDir, 'mailbox'));
    staff = { authorization: `Basic ${Buffer.from(`dpo:${secrets.dpoPassword}`).toString('base64')}`, 'content-type': 'application/json' };
    // Every journey of every controller starts now, side by side: most wait a minute for their silent systems.
    for (const controllerId of REFERENCE_PROFILES)
      journeys.set(controllerId, everyRightOf(profiles.get(controllerId)!).start({ urls: urls(), mailbox, staff }));
  });

  afterAll(() => platform?.stop());

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
    // The access request among the controller's journeys, once it has ended.
    const { request } = await journeys.get(controllerId)!.access;
    const reply = await downloadFromEmailedLink(mailbox, request, 90_000);
    return {
      report: convert(reply.entries.get('report.html')!.toString('utf8'), { wordwrap: false }),
      pdf: reply.entries.get('report.pdf')!,
      manifest: JSON.parse(reply.entries.get('manifest.json')!.toString('utf8')),
    };
  }

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
  }, 600_000);

  describe.each(REFERENCE_PROFILES)('%s: every right it offers reaches its end', (controllerId) => {
    it.each(everyRightOf(profiles.get(controllerId)!).expected)(
      '$name: $status, and the requester is told ($kind)',
      async (expected) => {
        const ending = await journeys.get(controllerId)![expected.name];
        expect({ status: ending.status, lastMail: ending.lastMail.kind }).toEqual({ status: expected.status, lastMail: expected.kind });
        if (expected.says) expect(`${ending.lastMail.subject} ${ending.lastMail.text}`.replace(/\s+/g, ' ')).toContain(expected.says);
      },
      400_000,
    );
  });
});
