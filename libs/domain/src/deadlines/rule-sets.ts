import type { Regime, RequestType } from '../vocabulary';
import type { PauseCause } from './deadline-types';

/** A rule that produces a date: its stable id and its citation. */
export interface DatedRule {
  id: string;
  basis: string;
}

export type Period =
  /** Regulation 1182/71 months; the last day moves to the next working day. */
  | { kind: 'months'; months: number }
  /** Calendar days after the start day, which is not counted; no move off weekends or holidays. */
  | { kind: 'calendar-days'; days: number }
  /** Working days (Monday–Friday, public holidays excluded) after the start day. */
  | { kind: 'working-days'; days: number };

export type ExtensionLength =
  /** Months added to the first period's (unmoved) last day, then moved to a working day. */
  | { kind: 'further-months'; months: number }
  /** Calendar days in all from the start of the clock. */
  | { kind: 'total-days'; days: number }
  /** Whatever new date the controller told the person. */
  | { kind: 'new-date-told' };

export interface RuleSet {
  regime: Regime;
  clockStart: 'receipt' | 'latest-of-receipt-identity-fee' | 'after-fee-confirmation-period';
  due: DatedRule & { period: Period };
  acknowledge?: DatedRule & { workingDays: number };
  simplifiedAnswer?: DatedRule;
  feeConfirmation?: DatedRule & { days: number };
  extension?: { notice: DatedRule; extended: DatedRule & { length: ExtensionLength } };
  /** Pause causes that stop the clock; any other pause is ignored. */
  pauses: readonly PauseCause[];
  pauseBasis?: string;
  /** Why no extension is possible, when none is. */
  noExtension?: string;
}

const R1182 = 'Reg. (EEC, Euratom) 1182/71 Art. 3';
const EDPB = 'EDPB Guidelines 01/2022';

const gdpr: RuleSet = {
  regime: 'eu-gdpr',
  clockStart: 'receipt',
  due: {
    id: 'eu-gdpr:art-12-3:one-month',
    basis: `GDPR Art. 12(3); ${R1182}; ${EDPB} §§159-161`,
    period: { kind: 'months', months: 1 },
  },
  extension: {
    notice: {
      id: 'eu-gdpr:art-12-3:extension-notice-within-one-month',
      basis: `GDPR Art. 12(3) (the subject told, with reasons, within one month); ${R1182}`,
    },
    extended: {
      id: 'eu-gdpr:art-12-3:extended-two-further-months',
      basis: `GDPR Art. 12(3) (two further months for complexity or number of requests); ${R1182}`,
      length: { kind: 'further-months', months: 2 },
    },
  },
  pauses: ['awaiting-identity', 'awaiting-clarification'],
  pauseBasis: `${EDPB} §159`,
};

const france: RuleSet = {
  ...gdpr,
  regime: 'fr-gdpr',
  due: { ...gdpr.due, id: 'fr-gdpr:art-12-3:one-month', basis: `GDPR Art. 12(3); ${R1182}; CNIL` },
  extension: {
    notice: { id: 'fr-gdpr:art-12-3:extension-notice-within-one-month', basis: `GDPR Art. 12(3); ${R1182}; CNIL` },
    extended: {
      id: 'fr-gdpr:art-12-3:extended-two-further-months',
      basis: `GDPR Art. 12(3); CNIL (up to three months in all); ${R1182}`,
      length: { kind: 'further-months', months: 2 },
    },
  },
};

const franceMinorErasure: RuleSet = {
  ...france,
  due: {
    id: 'fr-gdpr:lil-51-ii:minor-erasure-one-month',
    basis: `Loi Informatique et Libertés art. 51-II (then the CNIL may be seized); ${R1182}`,
    period: { kind: 'months', months: 1 },
  },
  extension: undefined,
  noExtension: 'erasure of data collected while the subject was a minor is due within one month, without extension (LIL art. 51-II)',
};

const uk: RuleSet = {
  regime: 'uk-gdpr',
  clockStart: 'latest-of-receipt-identity-fee',
  due: {
    id: 'uk-gdpr:art-12a:one-month',
    basis: `UK GDPR Arts. 12(3), 12A (Data (Use and Access) Act 2025); ${R1182}; ICO`,
    period: { kind: 'months', months: 1 },
  },
  extension: {
    notice: {
      id: 'uk-gdpr:art-12a:extension-notice-within-one-month',
      basis: 'UK GDPR Art. 12A (notice with reasons before the first month ends)',
    },
    extended: {
      id: 'uk-gdpr:art-12a:extended-two-further-months',
      basis: `UK GDPR Art. 12A (two further months); ${R1182}; ICO`,
      length: { kind: 'further-months', months: 2 },
    },
  },
  pauses: ['awaiting-clarification'],
  pauseBasis: 'UK GDPR Art. 12A (stop-the-clock while waiting for a clarification)',
};

const CCPA_CODE = 'Cal. Civ. Code §1798.130(a)(2)';
const ccpa: RuleSet = {
  regime: 'us-ca-ccpa',
  clockStart: 'receipt',
  due: {
    id: 'us-ca-ccpa:7021-b:45-days',
    basis: `${CCPA_CODE}; 11 CCR §7021(b) (from the day of receipt, whatever the time verification takes)`,
    period: { kind: 'calendar-days', days: 45 },
  },
  acknowledge: {
    id: 'us-ca-ccpa:7021-a:acknowledge-10-business-days',
    basis: '11 CCR §7021(a)',
    workingDays: 10,
  },
  extension: {
    notice: { id: 'us-ca-ccpa:7021-b:extension-notice-within-45-days', basis: `${CCPA_CODE}; 11 CCR §7021(b)` },
    extended: {
      id: 'us-ca-ccpa:7021-b:extended-90-days-in-all',
      basis: `${CCPA_CODE}; 11 CCR §7021(b) (an additional 45 days, 90 in all)`,
      length: { kind: 'total-days', days: 90 },
    },
  },
  pauses: [],
};

const ccpaOptOut: RuleSet = {
  regime: 'us-ca-ccpa',
  clockStart: 'receipt',
  due: {
    id: 'us-ca-ccpa:7026-f:opt-out-15-business-days',
    basis: '11 CCR §7026(f) (opt-out of sale/sharing: 15 business days at most, no verification)',
    period: { kind: 'working-days', days: 15 },
  },
  pauses: [],
  noExtension: 'an opt-out of sale or sharing is due within 15 business days, without extension (11 CCR §7026(f))',
};

const ccpaLimit: RuleSet = {
  ...ccpaOptOut,
  due: {
    id: 'us-ca-ccpa:7027-g:limit-15-business-days',
    basis: '11 CCR §7027(g) (limit the use of sensitive personal information: 15 business days at most)',
    period: { kind: 'working-days', days: 15 },
  },
  noExtension: 'a request to limit is due within 15 business days, without extension (11 CCR §7027(g))',
};

const VCDPA = 'Va. Code §59.1-577(B)(1)';
const virginia: RuleSet = {
  regime: 'us-va-vcdpa',
  clockStart: 'receipt',
  due: { id: 'us-va-vcdpa:59.1-577-b:45-days', basis: VCDPA, period: { kind: 'calendar-days', days: 45 } },
  extension: {
    notice: { id: 'us-va-vcdpa:59.1-577-b:extension-notice-within-45-days', basis: `${VCDPA} (notice within the initial 45 days)` },
    extended: {
      id: 'us-va-vcdpa:59.1-577-b:extended-90-days-in-all',
      basis: `${VCDPA} (extended once by 45 days)`,
      length: { kind: 'total-days', days: 90 },
    },
  },
  pauses: [],
};

const brazil: RuleSet = {
  regime: 'br-lgpd',
  clockStart: 'receipt',
  due: {
    id: 'br-lgpd:art-19-ii:15-days',
    basis: 'LGPD (Lei 13.709/2018) art. 19, II (full statement within 15 days of the request)',
    period: { kind: 'calendar-days', days: 15 },
  },
  pauses: [],
  noExtension: 'the LGPD allows no extension (art. 19)',
};

const brazilAccess: RuleSet = {
  ...brazil,
  simplifiedAnswer: { id: 'br-lgpd:art-19-i:simplified-at-once', basis: 'LGPD (Lei 13.709/2018) art. 19, I (simplified format, at once)' },
};

const quebec: RuleSet = {
  regime: 'ca-qc-law25',
  clockStart: 'receipt',
  due: {
    id: 'ca-qc-law25:s-32:30-days',
    basis: 'Act respecting the protection of personal information in the private sector (Québec) s. 32 (silence counts as refusal)',
    period: { kind: 'calendar-days', days: 30 },
  },
  pauses: [],
  noExtension: 'Québec Law 25 allows enterprises no extension (s. 32)',
};

const switzerland: RuleSet = {
  regime: 'ch-fadp',
  clockStart: 'after-fee-confirmation-period',
  due: { id: 'ch-fadp:dsv-18:30-days', basis: 'FADP art. 25; DSV/OPDo art. 18 (30 days)', period: { kind: 'calendar-days', days: 30 } },
  feeConfirmation: {
    id: 'ch-fadp:dsv-19:fee-confirmation-10-days',
    basis: 'DSV/OPDo art. 19 (10 days to confirm; the 30 days run after them)',
    days: 10,
  },
  extension: {
    notice: { id: 'ch-fadp:dsv-18:extension-notice-within-30-days', basis: 'DSV/OPDo art. 18 (the person told within the 30 days)' },
    extended: {
      id: 'ch-fadp:dsv-18:new-date-told',
      basis: 'DSV/OPDo art. 18 (the person told of the new date)',
      length: { kind: 'new-date-told' },
    },
  },
  pauses: [],
};

const OPT_OUT_LIKE: readonly RequestType[] = ['objection', 'consent-withdrawal'];
const ACCESS_LIKE: readonly RequestType[] = ['access', 'information'];

/** The rule set a regime applies to a request type. */
export function ruleSetFor(regime: Regime, requestType: RequestType, subjectWasMinorAtCollection = false): RuleSet {
  switch (regime) {
    case 'eu-gdpr':
      return gdpr;
    case 'fr-gdpr':
      return requestType === 'erasure' && subjectWasMinorAtCollection ? franceMinorErasure : france;
    case 'uk-gdpr':
      return uk;
    case 'us-ca-ccpa':
      if (OPT_OUT_LIKE.includes(requestType)) return ccpaOptOut;
      return requestType === 'restriction' ? ccpaLimit : ccpa;
    case 'us-va-vcdpa':
      return virginia;
    case 'br-lgpd':
      return ACCESS_LIKE.includes(requestType) ? brazilAccess : brazil;
    case 'ca-qc-law25':
      return quebec;
    case 'ch-fadp':
      return switzerland;
  }
}

const INTERNAL_TARGET: DatedRule = {
  id: 'controller-policy:internal-target',
  basis: 'Controller policy (internal target, calendar days from the start of the clock)',
};
const INTERNAL_TARGET_CAPPED: DatedRule = {
  id: 'controller-policy:internal-target-capped-at-due',
  basis: 'Controller policy (internal target later than the legal due date: the legal date applies)',
};
export const INTERNAL_TARGET_RULES = { target: INTERNAL_TARGET, capped: INTERNAL_TARGET_CAPPED };

const ALL_RULE_SETS = [
  gdpr,
  france,
  franceMinorErasure,
  uk,
  ccpa,
  ccpaOptOut,
  ccpaLimit,
  virginia,
  brazil,
  brazilAccess,
  quebec,
  switzerland,
];

/** Every rule id the calculator can put on a date, with its citation. */
export const DEADLINE_RULES: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    [
      ...ALL_RULE_SETS.flatMap((set) => [
        set.due,
        set.acknowledge,
        set.simplifiedAnswer,
        set.feeConfirmation,
        set.extension?.notice,
        set.extension?.extended,
      ]),
      INTERNAL_TARGET,
      INTERNAL_TARGET_CAPPED,
    ]
      .filter((rule): rule is DatedRule => rule !== undefined)
      .map((rule) => [rule.id, rule.basis]),
  ),
);
