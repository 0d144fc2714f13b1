import {
  authorityFor,
  channelsFor,
  ControllerProfile,
  deadlinePolicyFor,
  identityPolicyFor,
  rightOffered,
  systemsHolding,
} from '@dsar/domain';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadControllerProfiles, ProfileWarning } from './profile-loader';

const REPO = join(__dirname, '..', '..', '..');
const DIR = relative(process.cwd(), join(REPO, 'config', 'controllers')) || '.';

describe('the shipped controller profiles', () => {
  const { profiles, warnings } = loadControllerProfiles(DIR);
  const profile = (id: string): ControllerProfile => {
    const found = profiles.get(id);
    if (!found) throw new Error(`no profile ${id}`);
    return found;
  };
  const warningsOf = (id: string): ProfileWarning[] => warnings.filter((w) => w.controllerId === id);
  const warningCodes = (id: string) => warningsOf(id).map((w) => `${w.path} ${w.code}`);

  it('all load, one per reference controller plus the demo', () => {
    expect([...profiles.keys()].sort()).toEqual(['1to1-consulting', '7speaking', 'ambassade-des-langues', 'cambridge-school', 'demo']);
  });

  it('warn only about what their policies demand and regulators question', () => {
    expect(warningCodes('demo')).toEqual([]);
    expect(warningCodes('1to1-consulting')).toEqual([
      'identity.default.idDocument identity.id-document-always',
      'register.transfers[0].safeguards[0] transfers.safeguard-unspecified',
      'register.recipients recipients.not-named',
    ]);
    expect(warningCodes('7speaking')).toEqual(['register.recipients recipients.not-named']);
    expect(warningCodes('ambassade-des-langues')).toEqual([
      'identity.default.idDocument identity.id-document-always',
      'register.recipients recipients.not-named',
    ]);
    expect(warningCodes('cambridge-school')).toEqual([
      'minors.guardianActsBelowAge minors.below-national-age',
      'register.recipients recipients.not-named',
    ]);
  });

  it("warns at the line of 1to1 Consulting's demand for an ID copy with every request", () => {
    const file = join(DIR, '1to1-consulting.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const [warning] = warningsOf('1to1-consulting').filter((w) => w.code === 'identity.id-document-always');
    expect(warning.file).toBe(file);
    expect(lines[warning.line - 1].slice(warning.column - 1)).toBe('always');
    expect(warning.message).toContain('disproportionate');
    expect(identityPolicyFor(profile('1to1-consulting'), 'access')).toEqual({ accepted: ['id-document'], idDocument: 'always' });
  });

  it('point each country of residence to its authority where the policy lists several (Ambassade des Langues §5.4)', () => {
    const ambassade = profile('ambassade-des-langues');
    const authorityOf = (country?: string) => authorityFor(ambassade, country).id;
    expect(['FR', 'GB', 'ES', 'PT', 'BE', 'CH', 'DE', undefined].map(authorityOf)).toEqual([
      'cnil',
      'ico',
      'aepd',
      'cnpd-pt',
      'apd-be',
      'pfpdt',
      'cnil',
      'cnil',
    ]);
    expect(deadlinePolicyFor(ambassade, 'GB').regime).toBe('uk-gdpr');
    expect(deadlinePolicyFor(ambassade, 'CH').regime).toBe('ch-fadp');
    expect(deadlinePolicyFor(ambassade, 'FR').regime).toBe('fr-gdpr');
  });

  it('send residents of France to the CNIL and others to the Polish authority for Cambridge School', () => {
    const cambridge = profile('cambridge-school');
    expect(authorityFor(cambridge, 'FR').id).toBe('cnil');
    expect(authorityFor(cambridge, 'PL').id).toBe('uodo');
    expect(authorityFor(cambridge, 'BE').id).toBe('uodo');
  });

  it('carry the deadlines, minors and post-mortem rules the policies state', () => {
    const summary = (id: string) => {
      const p = profile(id);
      return [
        p.deadlines.regime,
        p.deadlines.country,
        p.deadlines.timeZone,
        p.deadlines.internalTargetDays,
        p.minors.guardianActsBelowAge,
        p.postMortem.rules,
      ];
    };
    expect(summary('1to1-consulting')).toEqual(['fr-gdpr', 'FR', 'Europe/Paris', undefined, 15, 'fr-lil-84-86']);
    expect(summary('7speaking')).toEqual(['fr-gdpr', 'FR', 'Europe/Paris', undefined, 15, 'fr-lil-84-86']);
    expect(summary('ambassade-des-langues')).toEqual(['fr-gdpr', 'FR', 'Europe/Paris', undefined, 16, 'fr-lil-84-86']);
    expect(summary('cambridge-school')).toEqual(['eu-gdpr', 'PL', 'Europe/Warsaw', 30, 13, 'none']);
    expect(summary('demo')).toEqual(['eu-gdpr', 'FR', 'Europe/Paris', undefined, 16, 'fr-lil-84-86']);
  });

  it('take post-mortem instructions for 7Speaking by post only (§9.2)', () => {
    const sevenSpeaking = profile('7speaking');
    expect(channelsFor(sevenSpeaking, 'post-mortem-directive').map((c) => c.kind)).toEqual(['post']);
    expect(channelsFor(sevenSpeaking, 'access').map((c) => c.kind)).toEqual(['email', 'post']);
    expect(sevenSpeaking.fees.extraCopies.charged).toBe(true);
  });

  it("carry 7Speaking's fraud-alert retention schedule", () => {
    const fraud = profile('7speaking').register.purposes.find((p) => p.id === 'fraud-prevention');
    expect(fraud?.retention).toMatchObject({
      period: 'P12M',
      startsAt: 'alert-issued',
      cases: [
        { period: 'P5Y', startsAt: 'case-closed' },
        { period: 'P5Y', startsAt: 'fraud-list-registration' },
        { until: 'proceedings-end', then: [{ period: 'P5Y', startsAt: 'proceedings-end' }] },
      ],
    });
  });

  it('offer no post-mortem rights where the law has none (Cambridge School, Poland)', () => {
    const cambridge = profile('cambridge-school');
    expect(rightOffered(cambridge, 'post-mortem-directive')).toBe(false);
    expect(rightOffered(cambridge, 'erasure')).toBe(true);
  });

  it('map the demo categories to the demo systems the launcher seeds', () => {
    const demo = profile('demo');
    expect(systemsHolding(demo, ['identity', 'contact', 'orders']).map((s) => s.id)).toEqual(['demo-crm']);
    expect(systemsHolding(demo, ['marketing-consents']).map((s) => s.id)).toEqual(['demo-marketing']);
    expect(
      systemsHolding(
        demo,
        demo.register.dataCategories.map((c) => c.id),
      ).map((s) => s.id),
    ).toEqual([
      'demo-crm',
      'demo-marketing',
      'demo-learning',
      'demo-billing',
      'demo-support',
      'demo-recruitment',
      'demo-calls',
      'demo-analytics',
    ]);
  });
});
