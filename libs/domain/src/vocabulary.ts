/**
 * The shared vocabulary of the domain: the rights a data subject exercises, who may ask,
 * through which channel, and the legal regimes that set deadlines. Everything else in
 * libs/domain speaks in these terms.
 */

export const REQUEST_TYPES = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'consent-withdrawal',
  'information',
  'post-mortem-directive',
  'deceased-subject',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Who makes the request, as opposed to the subject whose data it concerns. */
export const REQUESTER_KINDS = ['subject', 'parent-or-guardian', 'heir', 'designated-person', 'agent'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

export const CHANNELS = ['web', 'api', 'email', 'post', 'opendsr'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Legal regimes with their own deadline rules (see shared RULES.md):
 * EU GDPR; France (GDPR + Loi Informatique et Libertés); UK GDPR as amended by the Data
 * (Use and Access) Act 2025; California CCPA/CPRA; Virginia VCDPA (the template of most
 * US states); Brazil LGPD; Québec Law 25; Switzerland revFADP.
 */
export const REGIMES = ['eu-gdpr', 'fr-gdpr', 'uk-gdpr', 'us-ca-ccpa', 'us-va-vcdpa', 'br-lgpd', 'ca-qc-law25', 'ch-fadp'] as const;
export type Regime = (typeof REGIMES)[number];

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isRequestType(value: string): value is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(value);
}
