import { RequestType } from '../vocabulary';
import {
  ControllerProfile,
  IdentityRequirement,
  LocalizedText,
  PostalAddress,
  RepresentativeKind,
  RetentionRule,
  SupervisoryAuthority,
} from './controller-profile';
import { DIGITAL_CONSENT_AGE, EEA_COUNTRIES, isIanaTimeZone, isIsoCountryCode, isSubdivisionOf } from './countries';
import { parseIsoDuration } from './durations';
import { LEGAL_ANSWER_DAYS, RIGHTS_GRANTED_BY_LAW } from './legal-rights';
import { formatProfilePath, ProfilePathSegment } from './profile-path';

/** One finding about a profile: where (a JSON path), what kind (a stable code) and why. */
export interface ProfileIssue {
  path: string;
  code: string;
  message: string;
}

/** Problems make a profile unusable; warnings are reported and the profile is used as written. */
export interface ProfileValidationResult {
  problems: ProfileIssue[];
  warnings: ProfileIssue[];
}

export const KEBAB_CASE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Path = readonly ProfilePathSegment[];

class Findings {
  readonly problems: ProfileIssue[] = [];
  readonly warnings: ProfileIssue[] = [];

  problem(path: Path, code: string, message: string): void {
    this.problems.push({ path: formatProfilePath(path), code, message });
  }

  warn(path: Path, code: string, message: string): void {
    this.warnings.push({ path: formatProfilePath(path), code, message });
  }
}

const list = (values: readonly string[]) => values.join(', ');

/**
 * Checks what a schema cannot: identifiers, cross-references, country codes, durations, time
 * zones, consistency between sections; and warns where a profile departs from what regulators
 * expect (disproportionate identity demands, rights the law grants but the profile omits…).
 * Assumes the profile has the shape of `ControllerProfile` (libs/profiles checks that first).
 */
export function validateControllerProfile(profile: ControllerProfile): ProfileValidationResult {
  const findings = new Findings();
  const check = new ProfileChecks(profile, findings);
  check.all();
  return { problems: findings.problems, warnings: findings.warnings };
}

class ProfileChecks {
  private readonly missingTranslations = new Map<string, string[]>();

  constructor(
    private readonly profile: ControllerProfile,
    private readonly findings: Findings,
  ) {}

  all(): void {
    const { profile } = this;
    if (!KEBAB_CASE_ID.test(profile.id)) {
      this.findings.problem(['id'], 'id.format', `"${profile.id}" must be lower-case kebab-case (letters, digits, single hyphens)`);
    }
    this.address(['legalEntity', 'address'], profile.legalEntity.address);
    this.dpo();
    this.languages();
    this.jurisdictions();
    this.authorities();
    this.channels();
    this.rights();
    this.deadlines();
    this.identity();
    this.fees();
    this.minors();
    this.postMortem();
    this.register();
    this.systems();
    this.rightsGrantedByLaw();
    this.reportMissingTranslations();
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private country(path: Path, value: string): void {
    if (!isIsoCountryCode(value)) {
      this.findings.problem(path, 'country.unknown', `"${value}" is not an ISO 3166-1 alpha-2 country code (e.g. FR, GB, PL)`);
    }
  }

  private address(path: Path, address: PostalAddress): void {
    this.country([...path, 'country'], address.country);
  }

  private uniqueIds(path: Path, items: readonly { id: string }[]): Set<string> {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      if (!KEBAB_CASE_ID.test(item.id)) {
        this.findings.problem([...path, index, 'id'], 'id.format', `"${item.id}" must be lower-case kebab-case`);
      }
      const first = seen.get(item.id);
      if (first !== undefined) {
        this.findings.problem(
          [...path, index, 'id'],
          'id.duplicate',
          `duplicate id "${item.id}", already used at ${formatProfilePath([...path, first])}`,
        );
      } else {
        seen.set(item.id, index);
      }
    });
    return new Set(seen.keys());
  }

  private references(path: Path, ids: readonly string[], known: Set<string>, what: string, where: string): void {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      if (!known.has(id)) {
        const hint = known.size ? `; known: ${list([...known])}` : '';
        this.findings.problem([...path, index], 'reference.unknown', `unknown ${what} "${id}" (declare it in ${where}${hint})`);
      } else if (seen.has(id)) {
        this.findings.problem([...path, index], 'reference.duplicate', `${what} "${id}" is listed twice`);
      }
      seen.add(id);
    });
  }

  private text(path: Path, value: LocalizedText): void {
    const [first, ...others] = this.profile.languages;
    if (first !== undefined && value[first] === undefined) {
      this.findings.problem(path, 'text.default-language-missing', `must have a "${first}" text (the profile's first language)`);
    }
    for (const language of others) {
      if (value[language] === undefined) {
        const paths = this.missingTranslations.get(language) ?? [];
        paths.push(formatProfilePath(path));
        this.missingTranslations.set(language, paths);
      }
    }
  }

  private reportMissingTranslations(): void {
    for (const [language, paths] of this.missingTranslations) {
      const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ', …' : '');
      this.findings.warn(
        ['languages'],
        'text.translation-missing',
        `${paths.length} text(s) have no "${language}" version (${shown}); replies in "${language}" fall back to "${this.profile.languages[0]}"`,
      );
    }
  }

  private offered(type: RequestType): boolean {
    return this.profile.rights.some((right) => right.type === type);
  }

  // ── sections ─────────────────────────────────────────────────────────────────────────────

  private dpo(): void {
    const { dpo } = this.profile;
    if (!dpo) return;
    if (!dpo.email && !dpo.postalAddress && !dpo.phone && !dpo.url) {
      this.findings.problem(['dpo'], 'dpo.no-contact', 'needs at least one of email, postalAddress, phone, url');
    }
    if (dpo.postalAddress) this.address(['dpo', 'postalAddress'], dpo.postalAddress);
  }

  private languages(): void {
    const { languages } = this.profile;
    if (languages.length === 0) this.findings.problem(['languages'], 'languages.empty', 'must list at least one language');
    languages.forEach((language, index) => {
      if (languages.indexOf(language) !== index) {
        this.findings.problem(['languages', index], 'languages.duplicate', `"${language}" is listed twice`);
      }
    });
  }

  private jurisdictions(): void {
    const { jurisdictions, deadlines } = this.profile;
    if (jurisdictions.length === 0) {
      this.findings.problem(['jurisdictions'], 'jurisdictions.empty', 'must list at least one jurisdiction');
    }
    const claimed = new Map<string, number>();
    let fallbacks = 0;
    jurisdictions.forEach((jurisdiction, index) => {
      const countries = jurisdiction.countriesOfResidence;
      if (countries === undefined) {
        fallbacks += 1;
        if (fallbacks > 1) {
          this.findings.problem(
            ['jurisdictions', index],
            'jurisdictions.several-defaults',
            'only one jurisdiction may omit countriesOfResidence',
          );
        }
        if (jurisdiction.regime !== deadlines.regime) {
          this.findings.problem(
            ['jurisdictions', index, 'regime'],
            'jurisdictions.default-regime',
            `the jurisdiction without countriesOfResidence must be the deadline regime "${deadlines.regime}"`,
          );
        }
        return;
      }
      countries.forEach((country, c) => {
        this.country(['jurisdictions', index, 'countriesOfResidence', c], country);
        const other = claimed.get(country);
        if (other !== undefined && other !== index) {
          this.findings.problem(
            ['jurisdictions', index, 'countriesOfResidence', c],
            'jurisdictions.country-twice',
            `${country} is already covered by jurisdictions[${other}]`,
          );
        }
        claimed.set(country, index);
      });
    });
    if (jurisdictions.length > 0 && !jurisdictions.some((j) => j.regime === deadlines.regime)) {
      this.findings.problem(
        ['deadlines', 'regime'],
        'deadlines.regime-not-in-jurisdictions',
        `"${deadlines.regime}" must be one of the profile's jurisdictions`,
      );
    }
  }

  private authorities(): void {
    const authorities = this.profile.supervisoryAuthorities;
    const path = ['supervisoryAuthorities'];
    if (authorities.length === 0) {
      this.findings.problem(path, 'authorities.empty', 'must name at least one supervisory authority (Art. 13(2)(d), 77)');
      return;
    }
    this.uniqueIds(path, authorities);
    const served = new Map<string, string>();
    authorities.forEach((authority: SupervisoryAuthority, index) => {
      this.country([...path, index, 'country'], authority.country);
      const residences = authority.countriesOfResidence ?? [authority.country];
      residences.forEach((country, c) => {
        const at: Path = authority.countriesOfResidence ? [...path, index, 'countriesOfResidence', c] : [...path, index, 'country'];
        if (authority.countriesOfResidence) this.country(at, country);
        const other = served.get(country);
        if (other !== undefined) {
          this.findings.problem(at, 'authorities.country-twice', `residents of ${country} are already served by "${other}"`);
        }
        served.set(country, authority.id);
      });
    });
    const leads = authorities.map((a, index) => ({ a, index })).filter(({ a }) => a.lead);
    if (leads.length > 1) {
      leads
        .slice(1)
        .forEach(({ index }) =>
          this.findings.problem([...path, index, 'lead'], 'authorities.several-leads', 'only one authority may be the lead'),
        );
    } else if (leads.length === 0 && authorities.length > 1) {
      this.findings.problem(
        path,
        'authorities.no-lead',
        'with several authorities, mark the one for other countries of residence with `lead: true`',
      );
    }
  }

  private channels(): void {
    const { channels } = this.profile;
    if (channels.length === 0) this.findings.problem(['channels'], 'channels.empty', 'must list at least one channel');
    this.uniqueIds(['channels'], channels);
    channels.forEach((channel, index) => {
      const path: Path = ['channels', index];
      if (channel.kind === 'email' && !channel.email) {
        this.findings.problem([...path, 'email'], 'channels.email-missing', 'is required for an email channel');
      }
      if (channel.kind === 'post' && !channel.postalAddress) {
        this.findings.problem([...path, 'postalAddress'], 'channels.address-missing', 'is required for a post channel');
      }
      if (channel.kind !== 'email' && channel.email) {
        this.findings.problem([...path, 'email'], 'channels.field-for-kind', `only for email channels, this one is "${channel.kind}"`);
      }
      if (channel.kind !== 'post' && channel.postalAddress) {
        this.findings.problem(
          [...path, 'postalAddress'],
          'channels.field-for-kind',
          `only for post channels, this one is "${channel.kind}"`,
        );
      }
      if (channel.postalAddress) this.address([...path, 'postalAddress'], channel.postalAddress);
    });
  }

  private rights(): void {
    const { rights, channels } = this.profile;
    if (rights.length === 0) this.findings.problem(['rights'], 'rights.empty', 'must offer at least one right');
    const channelIds = new Set(channels.map((c) => c.id));
    const seen = new Map<string, number>();
    rights.forEach((right, index) => {
      const first = seen.get(right.type);
      if (first !== undefined) {
        this.findings.problem(['rights', index, 'type'], 'rights.duplicate', `"${right.type}" is already offered at rights[${first}]`);
      } else {
        seen.set(right.type, index);
      }
      if (right.channels) {
        if (right.channels.length === 0)
          this.findings.problem(['rights', index, 'channels'], 'rights.no-channel', 'omit it, or name at least one channel');
        this.references(['rights', index, 'channels'], right.channels, channelIds, 'channel', 'channels');
      }
    });
  }

  private deadlines(): void {
    const { deadlines } = this.profile;
    this.country(['deadlines', 'country'], deadlines.country);
    if (deadlines.subdivision !== undefined && !isSubdivisionOf(deadlines.subdivision, deadlines.country)) {
      this.findings.problem(
        ['deadlines', 'subdivision'],
        'deadlines.subdivision',
        `"${deadlines.subdivision}" must be an ISO 3166-2 code of ${deadlines.country} (e.g. ${deadlines.country}-57)`,
      );
    }
    if (!isIanaTimeZone(deadlines.timeZone)) {
      this.findings.problem(
        ['deadlines', 'timeZone'],
        'deadlines.time-zone',
        `"${deadlines.timeZone}" is not an IANA time zone (e.g. Europe/Paris)`,
      );
    }
    const target = deadlines.internalTargetDays;
    if (target !== undefined) {
      if (!Number.isInteger(target) || target < 1) {
        this.findings.problem(
          ['deadlines', 'internalTargetDays'],
          'deadlines.internal-target',
          'must be a whole number of days, at least 1',
        );
      } else if (target >= LEGAL_ANSWER_DAYS[deadlines.regime].max) {
        this.findings.warn(
          ['deadlines', 'internalTargetDays'],
          'deadlines.internal-target-not-shorter',
          `${target} days is never shorter than the legal deadline of ${deadlines.regime}; the legal deadline applies`,
        );
      }
    }
  }

  private requirement(path: Path, requirement: IdentityRequirement, label: string): void {
    const { accepted, idDocument } = requirement;
    if (accepted.length === 0) this.findings.problem([...path, 'accepted'], 'identity.none-accepted', 'must accept at least one proof');
    accepted.forEach((proof, index) => {
      if (accepted.indexOf(proof) !== index)
        this.findings.problem([...path, 'accepted', index], 'identity.duplicate', `"${proof}" is listed twice`);
    });
    if (idDocument === 'never' && accepted.includes('id-document')) {
      this.findings.problem([...path, 'idDocument'], 'identity.contradiction', 'is "never" but "id-document" is among the accepted proofs');
    }
    if (idDocument === 'always') {
      const authenticated = accepted.includes('account-login')
        ? ' Asking an already authenticated account holder for one is disproportionate (EDPB 01/2022 §70).'
        : '';
      this.findings.warn(
        [...path, 'idDocument'],
        'identity.id-document-always',
        `an ID-document copy is demanded for every ${label}: regulators call this disproportionate ` +
          `(EDPB Guidelines 01/2022 §§65-79; CNIL: only on reasonable doubt, Art. 12(6)).${authenticated} ` +
          'The profile is applied as written; let the subject mask what is not needed and keep only "ID checked".',
      );
    }
  }

  private identity(): void {
    const { identity, minors, rights, postMortem } = this.profile;
    this.requirement(['identity', 'default'], identity.default, 'request');
    for (const [type, requirement] of Object.entries(identity.byRequestType ?? {})) {
      if (!requirement) continue;
      this.requirement(['identity', 'byRequestType', type], requirement, `${type} request`);
      if (!this.offered(type as RequestType)) {
        this.findings.warn(['identity', 'byRequestType', type], 'identity.right-not-offered', `"${type}" is not among the rights offered`);
      }
    }
    const representatives = identity.representatives ?? {};
    for (const [kind, requirement] of Object.entries(representatives)) {
      if (requirement && requirement.accepted.length === 0) {
        this.findings.problem(
          ['identity', 'representatives', kind, 'accepted'],
          'identity.none-accepted',
          'must accept at least one proof of standing',
        );
      }
    }
    const needs = (kind: RepresentativeKind, why: string) => {
      if (!representatives[kind]) {
        this.findings.problem(['identity', 'representatives'], 'identity.representative-missing', `"${kind}" proofs are required: ${why}`);
      }
    };
    if (minors.guardianActsBelowAge > 0)
      needs('parent-or-guardian', `a parent or guardian acts for minors under ${minors.guardianActsBelowAge}`);
    if (rights.some((r) => r.type === 'deceased-subject')) {
      needs('heir', 'the right "deceased-subject" is offered');
      if (postMortem.directives.length > 0)
        needs('designated-person', 'directives may designate a person to carry them out (LIL art. 85-I)');
    }
    if (!representatives.agent) {
      this.findings.warn(
        ['identity', 'representatives'],
        'identity.agent-missing',
        'no proof of mandate configured for agents; a subject may act through a representative (EDPB 01/2022 §§80-81)',
      );
    }
  }

  private fees(): void {
    const { extraCopies } = this.profile.fees;
    const path = ['fees', 'extraCopies'];
    if (!extraCopies.charged && extraCopies.amount) {
      this.findings.problem([...path, 'amount'], 'fees.amount-without-charge', 'only when `charged: true`');
    }
    if (extraCopies.amount) {
      if (!/^[A-Z]{3}$/.test(extraCopies.amount.currency)) {
        this.findings.problem([...path, 'amount', 'currency'], 'fees.currency', 'must be an ISO 4217 code such as EUR');
      }
      if (!(extraCopies.amount.value > 0)) this.findings.problem([...path, 'amount', 'value'], 'fees.amount', 'must be more than 0');
    }
    if (extraCopies.charged && !extraCopies.basis && !extraCopies.amount) {
      this.findings.problem(
        [...path, 'basis'],
        'fees.basis-missing',
        'say how the fee is set (Art. 15(3): reasonable, based on administrative costs) or give an amount',
      );
    }
  }

  private minors(): void {
    const { minors, deadlines } = this.profile;
    if (!Number.isInteger(minors.guardianActsBelowAge) || minors.guardianActsBelowAge < 1 || minors.guardianActsBelowAge > 18) {
      this.findings.problem(['minors', 'guardianActsBelowAge'], 'minors.age', 'must be a whole number from 1 to 18');
      return;
    }
    const national = DIGITAL_CONSENT_AGE[deadlines.country];
    if (national && minors.guardianActsBelowAge < national.age) {
      this.findings.warn(
        ['minors', 'guardianActsBelowAge'],
        'minors.below-national-age',
        `${minors.guardianActsBelowAge} is below the age of digital consent in ${deadlines.country} (${national.age}, ${national.source}); ` +
          `minors between ${minors.guardianActsBelowAge} and ${national.age} cannot consent alone`,
      );
    }
  }

  private postMortem(): void {
    const { postMortem, rights } = this.profile;
    const directivesOffered = rights.findIndex((r) => r.type === 'post-mortem-directive');
    if (postMortem.rules === 'none') {
      if (postMortem.directives.length > 0) {
        this.findings.problem(['postMortem', 'directives'], 'post-mortem.rules-none', 'must be empty when rules are "none"');
      }
      rights.forEach((right, index) => {
        if (right.type === 'post-mortem-directive' || right.type === 'deceased-subject') {
          this.findings.problem(
            ['rights', index, 'type'],
            'post-mortem.rules-none',
            `"${right.type}" needs postMortem.rules other than "none"`,
          );
        }
      });
      return;
    }
    if (postMortem.directives.length > 0 && directivesOffered < 0) {
      this.findings.problem(
        ['postMortem', 'directives'],
        'post-mortem.right-missing',
        'directives are taken in but the right "post-mortem-directive" is not offered',
      );
    }
    if (postMortem.directives.length === 0 && directivesOffered >= 0) {
      this.findings.problem(
        ['postMortem', 'directives'],
        'post-mortem.no-directive-kind',
        'the right "post-mortem-directive" is offered: say which kinds are taken in',
      );
    }
  }

  private register(): void {
    const { register } = this.profile;
    const categories = this.uniqueIds(['register', 'dataCategories'], register.dataCategories);
    const sources = this.uniqueIds(['register', 'sources'], register.sources);
    const recipients = this.uniqueIds(['register', 'recipients'], register.recipients);
    const purposes = this.uniqueIds(['register', 'purposes'], register.purposes);
    this.uniqueIds(['register', 'transfers'], register.transfers);
    this.uniqueIds(['register', 'automatedDecisions'], register.automatedDecisions);

    register.dataCategories.forEach((c, i) => this.text(['register', 'dataCategories', i, 'name'], c.name));
    register.sources.forEach((s, i) => this.text(['register', 'sources', i, 'name'], s.name));
    register.recipients.forEach((r, i) => {
      this.text(['register', 'recipients', i, 'name'], r.name);
      if (r.country !== undefined) this.country(['register', 'recipients', i, 'country'], r.country);
    });

    if (register.purposes.length === 0)
      this.findings.problem(['register', 'purposes'], 'register.no-purpose', 'must list at least one purpose');
    register.purposes.forEach((purpose, i) => {
      const path: Path = ['register', 'purposes', i];
      this.text([...path, 'name'], purpose.name);
      if (purpose.dataCategories.length === 0)
        this.findings.problem([...path, 'dataCategories'], 'register.empty', 'must name at least one data category');
      if (purpose.sources.length === 0) this.findings.problem([...path, 'sources'], 'register.empty', 'must name at least one source');
      this.references([...path, 'dataCategories'], purpose.dataCategories, categories, 'data category', 'register.dataCategories');
      this.references([...path, 'sources'], purpose.sources, sources, 'source', 'register.sources');
      this.references([...path, 'recipients'], purpose.recipients, recipients, 'recipient', 'register.recipients');
      if (purpose.legalBasis === 'legitimate-interests') {
        if (!purpose.legitimateInterest) {
          this.findings.problem(
            [...path, 'legitimateInterest'],
            'register.interest-missing',
            'is required when the legal basis is legitimate-interests (Art. 13(1)(d))',
          );
        }
      } else if (purpose.legitimateInterest) {
        this.findings.problem(
          [...path, 'legitimateInterest'],
          'register.interest-unexpected',
          `only for legitimate-interests, the basis is "${purpose.legalBasis}"`,
        );
      }
      if (purpose.legitimateInterest) this.text([...path, 'legitimateInterest'], purpose.legitimateInterest);
      if (purpose.legalBasis === 'legal-obligation' && !purpose.legalObligation) {
        this.findings.problem([...path, 'legalObligation'], 'register.obligation-missing', 'name the text that imposes the obligation');
      }
      this.retention([...path, 'retention'], purpose.retention);
    });

    register.transfers.forEach((transfer, i) => {
      const path: Path = ['register', 'transfers', i];
      if (transfer.countries.length === 0)
        this.findings.problem([...path, 'countries'], 'register.empty', 'must name at least one country');
      transfer.countries.forEach((country, c) => {
        this.country([...path, 'countries', c], country);
        if (EEA_COUNTRIES.has(country)) {
          this.findings.warn([...path, 'countries', c], 'transfers.inside-eea', `${country} is in the EEA: not a transfer outside the EU`);
        }
      });
      if (transfer.safeguards.length === 0)
        this.findings.problem([...path, 'safeguards'], 'register.empty', 'must name at least one safeguard (Art. 44-49)');
      transfer.safeguards.forEach((safeguard, s) => {
        if (safeguard === 'unspecified') {
          this.findings.warn(
            [...path, 'safeguards', s],
            'transfers.safeguard-unspecified',
            'the safeguard is not identified; an access reply must say which one applies (Art. 15(2), 46)',
          );
        }
      });
      if (transfer.activity) this.text([...path, 'activity'], transfer.activity);
      this.references([...path, 'recipients'], transfer.recipients ?? [], recipients, 'recipient', 'register.recipients');
      this.references([...path, 'purposes'], transfer.purposes ?? [], purposes, 'purpose', 'register.purposes');
    });

    register.automatedDecisions.forEach((decision, i) => {
      const path: Path = ['register', 'automatedDecisions', i];
      this.text([...path, 'description'], decision.description);
      if (decision.logic) this.text([...path, 'logic'], decision.logic);
      if (!purposes.has(decision.purpose)) {
        this.findings.problem(
          [...path, 'purpose'],
          'reference.unknown',
          `unknown purpose "${decision.purpose}" (declare it in register.purposes)`,
        );
      }
      if (decision.significantEffects) {
        if (!decision.exception) {
          this.findings.problem(
            [...path, 'exception'],
            'decisions.exception-missing',
            'a decision with significant effects needs an Art. 22(2) exception',
          );
        }
        if (!decision.logic) {
          this.findings.problem(
            [...path, 'logic'],
            'decisions.logic-missing',
            'meaningful information about the logic is owed (Art. 15(1)(h))',
          );
        }
      }
    });

    // Internal departments are the controller itself, and authorities receiving data in a
    // particular inquiry are not recipients (Art. 4(9)): only the others must be named.
    const unnamed = register.recipients.filter((r) => !r.named && r.kind !== 'internal' && r.kind !== 'authority').map((r) => r.id);
    if (unnamed.length > 0) {
      this.findings.warn(
        ['register', 'recipients'],
        'recipients.not-named',
        `${unnamed.length} recipient(s) are categories, not named organisations (${list(unnamed)}); ` +
          'an access reply must name recipients unless impossible (CJEU C-154/21)',
      );
    }
  }

  private retention(path: Path, rule: RetentionRule): void {
    if (rule.until !== undefined) {
      if (rule.period !== undefined || rule.startsAt !== undefined) {
        this.findings.problem([...path, 'until'], 'retention.ambiguous', 'give either `until`, or `period` with `startsAt`, not both');
      }
    } else {
      if (rule.period === undefined) {
        this.findings.problem([...path, 'period'], 'retention.period-missing', 'is required (or `until` an event)');
      }
      if (rule.startsAt === undefined) {
        this.findings.problem(
          [...path, 'startsAt'],
          'retention.start-missing',
          'is required with `period`: the event the period runs from',
        );
      }
    }
    if (rule.period !== undefined && !parseIsoDuration(rule.period)) {
      this.findings.problem(
        [...path, 'period'],
        'retention.duration',
        `"${rule.period}" must be an ISO 8601 duration such as P3Y, P13M or P30D`,
      );
    }
    if (rule.scope) this.text([...path, 'scope'], rule.scope);
    rule.then?.forEach((stage, i) => this.retention([...path, 'then', i], stage));
    rule.cases?.forEach((variant, i) => {
      this.text([...path, 'cases', i, 'when'], variant.when);
      this.retention([...path, 'cases', i], variant);
    });
  }

  private systems(): void {
    const { systems, systemsMap, register } = this.profile;
    const systemIds = this.uniqueIds(['systems'], systems);
    const categories = new Set(register.dataCategories.map((c) => c.id));
    const holding = new Set<string>();
    for (const [category, ids] of Object.entries(systemsMap)) {
      if (!categories.has(category)) {
        this.findings.problem(
          ['systemsMap', category],
          'systems-map.unknown-category',
          `unknown data category "${category}" (declare it in register.dataCategories)`,
        );
      }
      ids.forEach((id, index) => {
        if (!systemIds.has(id)) {
          this.findings.problem(
            ['systemsMap', category, index],
            'systems-map.unknown-system',
            `unknown system id "${id}"; declared systems: ${list([...systemIds])}`,
          );
        } else if (ids.indexOf(id) !== index) {
          this.findings.problem(['systemsMap', category, index], 'systems-map.duplicate', `system "${id}" is listed twice`);
        }
        holding.add(id);
      });
    }
    const used = new Set(register.purposes.flatMap((p) => p.dataCategories));
    register.dataCategories.forEach((category, index) => {
      if (used.has(category.id) && (systemsMap[category.id] ?? []).length === 0) {
        this.findings.warn(
          ['register', 'dataCategories', index],
          'systems-map.category-not-held',
          `no system holds "${category.id}": access, erasure and rectification would miss it`,
        );
      }
    });
    systems.forEach((system, index) => {
      if (!holding.has(system.id)) {
        this.findings.warn(['systems', index], 'systems.holds-nothing', `"${system.id}" holds no data category in systemsMap`);
      }
    });
  }

  /** Warns for each right a regime of the profile grants and the profile does not offer. */
  private rightsGrantedByLaw(): void {
    const { profile } = this;
    const regimes = [...new Set([profile.deadlines.regime, ...profile.jurisdictions.map((j) => j.regime)])];
    const bases = new Set(profile.register.purposes.map((p) => p.legalBasis));
    const applies: Partial<Record<RequestType, boolean>> = {
      'consent-withdrawal': bases.has('consent'),
      portability: bases.has('consent') || bases.has('contract'),
    };
    const omitted = new Map<RequestType, string[]>();
    for (const regime of regimes) {
      for (const [type, source] of Object.entries(RIGHTS_GRANTED_BY_LAW[regime]) as [RequestType, string][]) {
        if (applies[type] === false || this.offered(type)) continue;
        omitted.set(type, [...(omitted.get(type) ?? []), `${source} (${regime})`]);
      }
    }
    for (const [type, sources] of omitted) {
      this.findings.warn(
        ['rights'],
        'rights.omitted-legal-right',
        `"${type}" is not offered, yet ${list(sources)} grants it; the law applies whatever the profile says`,
      );
    }
  }
}
