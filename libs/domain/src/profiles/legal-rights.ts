import { Regime, RequestType } from '../vocabulary';

/**
 * The rights each regime grants, as request types, with the text that grants them. Used to warn
 * when a profile omits one; `consent-withdrawal` and `portability` are only expected where the
 * register has processing they apply to (consent; consent or contract).
 */
export const RIGHTS_GRANTED_BY_LAW: Readonly<Record<Regime, Readonly<Partial<Record<RequestType, string>>>>> = {
  'eu-gdpr': {
    access: 'GDPR Art. 15',
    rectification: 'GDPR Art. 16',
    erasure: 'GDPR Art. 17',
    restriction: 'GDPR Art. 18',
    portability: 'GDPR Art. 20',
    objection: 'GDPR Art. 21',
    'consent-withdrawal': 'GDPR Art. 7(3)',
  },
  'fr-gdpr': {
    access: 'GDPR Art. 15',
    rectification: 'GDPR Art. 16',
    erasure: 'GDPR Art. 17',
    restriction: 'GDPR Art. 18',
    portability: 'GDPR Art. 20',
    objection: 'GDPR Art. 21',
    'consent-withdrawal': 'GDPR Art. 7(3)',
    'post-mortem-directive': 'Loi Informatique et Libertés art. 85-I',
    'deceased-subject': 'Loi Informatique et Libertés art. 85-II',
  },
  'uk-gdpr': {
    access: 'UK GDPR Art. 15',
    rectification: 'UK GDPR Art. 16',
    erasure: 'UK GDPR Art. 17',
    restriction: 'UK GDPR Art. 18',
    portability: 'UK GDPR Art. 20',
    objection: 'UK GDPR Art. 21',
    'consent-withdrawal': 'UK GDPR Art. 7(3)',
  },
  'us-ca-ccpa': {
    access: 'Cal. Civ. Code §1798.110',
    erasure: 'Cal. Civ. Code §1798.105',
    rectification: 'Cal. Civ. Code §1798.106',
    objection: 'Cal. Civ. Code §1798.120 (opt-out of sale or sharing)',
    restriction: 'Cal. Civ. Code §1798.121 (limit the use of sensitive personal information)',
  },
  'us-va-vcdpa': {
    access: 'Va. Code §59.1-577(A)(1)',
    rectification: 'Va. Code §59.1-577(A)(2)',
    erasure: 'Va. Code §59.1-577(A)(3)',
    portability: 'Va. Code §59.1-577(A)(4)',
    objection: 'Va. Code §59.1-577(A)(5) (opt-out)',
  },
  'br-lgpd': {
    access: 'LGPD art. 18-II',
    rectification: 'LGPD art. 18-III',
    restriction: 'LGPD art. 18-IV (blocking)',
    erasure: 'LGPD art. 18-IV, VI',
    portability: 'LGPD art. 18-V',
    information: 'LGPD art. 18-VII, VIII',
    'consent-withdrawal': 'LGPD art. 18-IX',
    objection: 'LGPD art. 18 §2',
  },
  'ca-qc-law25': {
    access: 'Act respecting the protection of personal information in the private sector s. 27',
    rectification: 'Act respecting the protection of personal information in the private sector s. 28',
    erasure: 'Act respecting the protection of personal information in the private sector s. 28, 28.1',
    portability: 'Act respecting the protection of personal information in the private sector s. 27 (3rd para.)',
    'consent-withdrawal': 'Act respecting the protection of personal information in the private sector s. 8.1, 14',
  },
  'ch-fadp': {
    access: 'revFADP art. 25',
    portability: 'revFADP art. 28',
    rectification: 'revFADP art. 32(1)',
    erasure: 'revFADP art. 32(2)(c)',
    objection: 'revFADP art. 30(2)(b), 32(2)(a)',
  },
};

/**
 * The shortest and longest number of days of each regime's answer period, to compare an
 * internal target against: a month is 28 to 31 days.
 */
export const LEGAL_ANSWER_DAYS: Readonly<Record<Regime, { min: number; max: number }>> = {
  'eu-gdpr': { min: 28, max: 31 },
  'fr-gdpr': { min: 28, max: 31 },
  'uk-gdpr': { min: 28, max: 31 },
  'us-ca-ccpa': { min: 45, max: 45 },
  'us-va-vcdpa': { min: 45, max: 45 },
  'br-lgpd': { min: 15, max: 15 },
  'ca-qc-law25': { min: 30, max: 30 },
  'ch-fadp': { min: 30, max: 30 },
};
