import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ControllerProfileError,
  formatProfileFinding,
  loadControllerProfiles,
  parseControllerProfile,
  ProfileFinding,
} from './profile-loader';

const CONTROLLERS = join(__dirname, '..', '..', '..', 'config', 'controllers');
const DEMO = readFileSync(join(CONTROLLERS, 'demo.yaml'), 'utf8');
const DEMO_FILE = 'config/controllers/demo.yaml';

/** Replaces the `occurrence`-th (1-based) `from` in `text`, which must exist. */
function replace(text: string, from: string, to: string, occurrence = 1): string {
  let index = -1;
  for (let n = 0; n < occurrence; n += 1) {
    index = text.indexOf(from, index + 1);
    if (index < 0) throw new Error(`"${from}" occurs fewer than ${occurrence} times`);
  }
  return text.slice(0, index) + to + text.slice(index + from.length);
}

/** The 1-based line and column where the `occurrence`-th `needle` starts. */
function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let n = 0; n < occurrence; n += 1) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function problemsOf(text: string, file = DEMO_FILE): ProfileFinding[] {
  try {
    parseControllerProfile(text, file);
  } catch (error) {
    if (error instanceof ControllerProfileError) return error.problems;
    throw error;
  }
  throw new Error('expected the profile to be rejected');
}

function line(finding: ProfileFinding): string {
  return formatProfileFinding(finding);
}

describe('parseControllerProfile', () => {
  it('reads the demo profile', () => {
    const { profile, warnings } = parseControllerProfile(DEMO, DEMO_FILE);
    expect(profile.id).toBe('demo');
    expect(profile.systemsMap).toEqual({
      identity: ['demo-crm'],
      contact: ['demo-crm'],
      orders: ['demo-crm'],
      'marketing-consents': ['demo-marketing'],
      'learning-progress': ['demo-learning'],
      'lesson-ratings': ['demo-learning'],
      invoices: ['demo-billing'],
      'payment-tokens': ['demo-billing'],
      'support-transcripts': ['demo-support'],
      'job-applications': ['demo-recruitment'],
      'call-recordings': ['demo-calls'],
      'analytics-identifiers': ['demo-analytics'],
    });
    expect(profile.systems.find((s) => s.id === 'demo-billing')?.owner).toEqual({ email: 'billing-owner@demo.example.org' });
    expect(warnings).toEqual([]);
  });

  it('points a wrong enumeration value at its file, line and column', () => {
    const text = replace(DEMO, 'legalBasis: contract', 'legalBasis: contrat');
    const { line: l, column: c } = positionOf(text, 'contrat');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${l}:${c} register.purposes[0].legalBasis: must be one of consent, contract, legal-obligation, vital-interests, public-task, legitimate-interests`,
    ]);
  });

  it('points a missing field at the mapping that lacks it', () => {
    const text = replace(DEMO, '        basis: Code de commerce art. L123-22\n', '');
    const { line: l, column: c } = positionOf(text, 'period: P10Y');
    expect(problemsOf(text).map(line)).toEqual([`${DEMO_FILE}:${l}:${c} register.purposes[2].retention.basis: is required`]);
  });

  it('points a bad duration at its value', () => {
    const text = replace(DEMO, 'period: P10Y', 'period: 10 years');
    const { line: l, column: c } = positionOf(text, '10 years');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${l}:${c} register.purposes[2].retention.period: "10 years" must be an ISO 8601 duration such as P3Y, P13M or P30D`,
    ]);
  });

  it('points an unknown system id in the systems map at the id', () => {
    const text = replace(DEMO, 'marketing-consents: [demo-marketing]', 'marketing-consents: [demo-marketting]');
    const { line: l, column: c } = positionOf(text, 'demo-marketting');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${l}:${c} systemsMap.marketing-consents[0]: unknown system id "demo-marketting"; declared systems: demo-crm, demo-marketing, demo-learning, demo-billing, demo-support, demo-recruitment, demo-calls, demo-analytics`,
    ]);
  });

  it('points a duplicate id at its second occurrence', () => {
    const text = replace(DEMO, '- id: newsletter', '- id: orders');
    const { line: l, column: c } = positionOf(text, 'orders\n      name: { en: Sending');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${l}:${c} register.purposes[3].id: duplicate id "orders", already used at register.purposes[1]`,
    ]);
  });

  it('points an unknown field at its key and suggests the field meant', () => {
    const text = replace(DEMO, 'guardianActsBelowAge: 16', 'guardianActsBellowAge: 16');
    const { line: l, column: c } = positionOf(text, 'guardianActsBellowAge');
    const minors = positionOf(text, 'minors:\n');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${minors.line + 1}:3 minors.guardianActsBelowAge: is required`,
      `${DEMO_FILE}:${l}:${c} minors.guardianActsBellowAge: is not a known field; did you mean "guardianActsBelowAge"?`,
    ]);
  });

  it('names the expected type', () => {
    const text = replace(DEMO, 'guardianActsBelowAge: 16', 'guardianActsBelowAge: sixteen');
    const { line: l, column: c } = positionOf(text, 'sixteen');
    expect(problemsOf(text).map(line)).toEqual([`${DEMO_FILE}:${l}:${c} minors.guardianActsBelowAge: must be a whole number`]);
  });

  it('reports YAML syntax errors with their position', () => {
    const text = replace(DEMO, 'languages: [en, fr]', 'languages: [en, fr');
    const [problem] = problemsOf(text);
    expect(problem.file).toBe(DEMO_FILE);
    expect(problem.code).toMatch(/^yaml\./);
    expect(problem.line).toBeGreaterThanOrEqual(positionOf(text, 'languages: [en, fr').line);
  });

  it('reports keys given twice', () => {
    const text = replace(DEMO, 'languages: [en, fr]', 'languages: [en, fr]\nlanguages: [fr]');
    expect(problemsOf(text).map(line)).toEqual([`${DEMO_FILE}:${positionOf(text, 'languages: [fr]').line}:1 Map keys must be unique`]);
  });

  it('requires the id to equal the file name', () => {
    const problems = problemsOf(DEMO, 'config/controllers/demo-2.yaml');
    expect(problems.map(line)).toEqual([
      `config/controllers/demo-2.yaml:${positionOf(DEMO, 'id: demo').line}:5 id: "demo" must equal the file name "demo-2"`,
    ]);
  });

  it('lists every problem of a file in one error whose message has one line per problem', () => {
    let text = replace(DEMO, 'legalBasis: contract', 'legalBasis: contrat');
    text = replace(text, 'timeZone: Europe/Paris', 'timeZone: Europe/Parris');
    text = replace(text, 'country: FR\n  timeZone', 'country: FX\n  timeZone');
    expect(() => parseControllerProfile(text, DEMO_FILE)).toThrow(ControllerProfileError);
    // The shape is checked first: semantic problems appear once the shape is right.
    expect(problemsOf(text).map((p) => p.path)).toEqual(['register.purposes[0].legalBasis']);
    const semantic = replace(text, 'legalBasis: contrat', 'legalBasis: contract');
    const error = (() => {
      try {
        parseControllerProfile(semantic, DEMO_FILE);
      } catch (caught) {
        return caught as ControllerProfileError;
      }
      throw new Error('expected an error');
    })();
    expect(error.problems.map((p) => p.path)).toEqual(['deadlines.country', 'deadlines.timeZone']);
    expect(error.message.split('\n')).toEqual([
      '2 problems in controller profiles:',
      `  ${line(error.problems[0])}`,
      `  ${line(error.problems[1])}`,
    ]);
  });

  it('locates a problem in an anchored block at the anchor, for every path that reuses it', () => {
    const anchored = replace(DEMO, '      retention:\n        period: P5Y', '      retention: &limitation\n        period: five years');
    const text = replace(
      anchored,
      '      retention:\n        period: P10Y\n        startsAt: financial-year-end\n        basis: Code de commerce art. L123-22\n',
      '      retention: *limitation\n',
    );
    const { line: l, column: c } = positionOf(text, 'five years');
    expect(problemsOf(text).map(line)).toEqual([
      `${DEMO_FILE}:${l}:${c} register.purposes[1].retention.period: "five years" must be an ISO 8601 duration such as P3Y, P13M or P30D`,
      `${DEMO_FILE}:${l}:${c} register.purposes[2].retention.period: "five years" must be an ISO 8601 duration such as P3Y, P13M or P30D`,
    ]);
  });
});

describe('loadControllerProfiles', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'profiles-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('throws one error listing the problems of every file', () => {
    writeFileSync(join(dir, 'demo.yaml'), replace(DEMO, 'legalBasis: contract', 'legalBasis: contrat'));
    writeFileSync(join(dir, 'other.yaml'), replace(DEMO, 'id: demo', 'id: other').replace('period: P10Y', 'period: ten years'));
    writeFileSync(join(dir, 'notes.txt'), 'not a profile');
    try {
      loadControllerProfiles(dir);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ControllerProfileError);
      const { problems } = error as ControllerProfileError;
      expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual([
        `${join(dir, 'demo.yaml')} register.purposes[0].legalBasis`,
        `${join(dir, 'other.yaml')} register.purposes[2].retention.period`,
      ]);
    }
  });

  it('rejects two files defining the same controller', () => {
    writeFileSync(join(dir, 'demo.yaml'), DEMO);
    writeFileSync(join(dir, 'demo.yml'), DEMO);
    expect(() => loadControllerProfiles(dir)).toThrow(
      `${join(dir, 'demo.yml')}:${positionOf(DEMO, 'id: demo').line}:5 id: controller "demo" is already defined in ${join(dir, 'demo.yaml')}`,
    );
  });

  it('returns warnings instead of throwing them', () => {
    writeFileSync(join(dir, 'demo.yaml'), replace(DEMO, 'idDocument: on-reasonable-doubt', 'idDocument: always'));
    const { profiles, warnings } = loadControllerProfiles(dir);
    expect([...profiles.keys()]).toEqual(['demo']);
    expect(warnings.map((w) => [w.controllerId, w.path, w.code])).toEqual([
      ['demo', 'identity.default.idDocument', 'identity.id-document-always'],
    ]);
  });

  it('refuses a folder that is missing or holds no profile', () => {
    expect(() => loadControllerProfiles(join(dir, 'missing'))).toThrow(/is not a directory/);
    expect(() => loadControllerProfiles(dir)).toThrow(/no \*\.yaml file/);
  });
});
