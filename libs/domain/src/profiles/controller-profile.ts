/**
 * A controller profile: everything the platform must know about one controller to answer its
 * data subjects as its privacy policy promises and as the law requires. Profiles are written as
 * YAML files (config/controllers/<id>.yaml), checked for shape by libs/profiles and for meaning
 * by `validateControllerProfile`.
 */
import { Channel, Language, Regime, RequestType, RequesterKind } from '../vocabulary';

/** ISO 3166-1 alpha-2, upper case: 'FR', 'GB', 'PL'. */
export type IsoCountryCode = string;

/** ISO 8601 duration in years, months, weeks and days: 'P3Y', 'P13M', 'P6M', 'P30D'. */
export type IsoDuration = string;

/** A text shown to data subjects, per language; the profile's first language is mandatory. */
export type LocalizedText = Partial<Record<Language, string>>;

export interface PostalAddress {
  /** Lines above the postal code and locality, as the controller writes them. */
  lines: string[];
  postalCode?: string;
  locality: string;
  country: IsoCountryCode;
}

export interface CompanyRegistration {
  /** 'RCS Rouen (SIREN)', 'KRS', 'REGON'… */
  register: string;
  number: string;
}

export interface LegalEntity {
  name: string;
  legalForm?: string;
  registrations?: CompanyRegistration[];
  address: PostalAddress;
  representative?: string;
  website?: string;
}

/** Art. 13(1)(b), 37(7): how to reach the data protection officer; at least one means. */
export interface DpoContact {
  name?: string;
  email?: string;
  postalAddress?: PostalAddress;
  phone?: string;
  url?: string;
}

/**
 * A legal regime the controller answers under. The one without `countriesOfResidence` (at most
 * one, of the deadline policy's regime) covers everyone the others do not.
 */
export interface Jurisdiction {
  regime: Regime;
  countriesOfResidence?: IsoCountryCode[];
}

/**
 * Where a subject may lodge a complaint (Art. 77). `countriesOfResidence` (default: the
 * authority's own country) says whose residents it serves; the `lead` authority serves the rest.
 */
export interface SupervisoryAuthority {
  id: string;
  name: string;
  country: IsoCountryCode;
  website?: string;
  countriesOfResidence?: IsoCountryCode[];
  lead?: boolean;
}

/** A place where requests are received; receipt there starts the clock. */
export interface ChannelEndpoint {
  id: string;
  kind: Channel;
  /** For `email`. */
  email?: string;
  /** For `post`. */
  postalAddress?: PostalAddress;
  /** For `web`, `api`, `opendsr` when the policy names one. */
  url?: string;
}

/** A right the controller offers; `channels` (ids) restricts where it may be exercised. */
export interface RightOffer {
  type: RequestType;
  channels?: string[];
}

/**
 * The deadline rules of the profile. Same fields as the domain deadline calculator's
 * `DeadlinePolicy`: the regime, the country (and subdivision) whose public holidays count, the
 * controller's IANA time zone, and an optional internal target shorter than the law's.
 */
export interface ProfileDeadlinePolicy {
  regime: Regime;
  country: IsoCountryCode;
  /** ISO 3166-2, e.g. 'FR-57' where local holidays differ (Alsace-Moselle). */
  subdivision?: string;
  timeZone: string;
  internalTargetDays?: number;
}

export const IDENTITY_PROOFS = ['account-login', 'email-code', 'known-identifiers', 'id-document', 'signed-declaration'] as const;
/** How a requester may show they are the subject: logged in, a code sent to a known address, matching known identifiers, an ID copy, a signed declaration. */
export type IdentityProof = (typeof IDENTITY_PROOFS)[number];

export const ID_DOCUMENT_DEMANDS = ['never', 'on-reasonable-doubt', 'always'] as const;
/** When an ID-document copy is demanded: never; on reasonable doubt (Art. 12(6)); always, on top of any other proof. */
export type IdDocumentDemand = (typeof ID_DOCUMENT_DEMANDS)[number];

export interface IdentityRequirement {
  /** Proofs accepted; any one suffices. */
  accepted: IdentityProof[];
  idDocument: IdDocumentDemand;
}

export type RepresentativeKind = Exclude<RequesterKind, 'subject'>;

export const AUTHORITY_PROOFS = [
  'parental-authority-document',
  'family-record-book',
  'heirship-certificate',
  'designation-in-directives',
  'mandate',
  'power-of-attorney',
] as const;
/** What shows a representative's standing: livret de famille, acte de notoriété, a mandate… */
export type AuthorityProof = (typeof AUTHORITY_PROOFS)[number];

export interface RepresentativeRequirement {
  /** Proofs of standing accepted; any one suffices (the representative's own identity is checked as a subject's). */
  accepted: AuthorityProof[];
  /** Whether the subject is asked to confirm directly (agents, EDPB 01/2022 §§80-81). */
  confirmWithSubject?: boolean;
}

export interface IdentityPolicy {
  default: IdentityRequirement;
  byRequestType?: Partial<Record<RequestType, IdentityRequirement>>;
  representatives?: Partial<Record<RepresentativeKind, RepresentativeRequirement>>;
}

export interface MoneyAmount {
  value: number;
  /** ISO 4217. */
  currency: string;
}

/** Art. 15(3): the first copy is free; further copies may carry a reasonable fee. */
export interface FeePolicy {
  extraCopies: {
    charged: boolean;
    basis?: string;
    amount?: MoneyAmount;
  };
}

export const MINOR_CONSENT_GIVERS = ['parent-or-guardian', 'parent-and-minor-jointly', 'educational-institution'] as const;
export type MinorConsentGiver = (typeof MINOR_CONSENT_GIVERS)[number];

export interface MinorsPolicy {
  /** Under this age a parent or guardian acts for the minor. */
  guardianActsBelowAge: number;
  /** Who consents for those under that age (France, LIL art. 45: jointly with the minor). */
  consentBy: MinorConsentGiver;
}

export const POST_MORTEM_RULES = ['fr-lil-84-86', 'none'] as const;
export type PostMortemRules = (typeof POST_MORTEM_RULES)[number];

export const POST_MORTEM_DIRECTIVE_KINDS = ['general', 'particular'] as const;
export type PostMortemDirectiveKind = (typeof POST_MORTEM_DIRECTIVE_KINDS)[number];

/**
 * After death. France (LIL arts. 84-86, décret 2019-536 art. 124): directives, general or
 * particular, and heirs acting without them; elsewhere rights end at death ('none').
 */
export interface PostMortemPolicy {
  rules: PostMortemRules;
  /** Kinds of directives the controller takes in and honours. */
  directives: PostMortemDirectiveKind[];
}

export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
/** Art. 6(1)(a)-(f). */
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const RETENTION_EVENTS = [
  'collection',
  'first-contact',
  'last-contact',
  'last-purchase',
  'last-activity',
  'contract-end',
  'account-closure',
  'financial-year-end',
  'consent-withdrawal',
  'alert-issued',
  'case-closed',
  'fraud-list-registration',
  'proceedings-end',
  'request-closed',
] as const;
/** The events that start (or end) a retention period. */
export type RetentionEvent = (typeof RETENTION_EVENTS)[number];

/**
 * How long data is kept: either `period` counted from `startsAt`, or `until` an event. `then`
 * lists the stages that follow (intermediate archiving), `cases` the rules that replace this one
 * when their condition arises (litigation, a qualified fraud alert…).
 */
export interface RetentionRule {
  period?: IsoDuration;
  startsAt?: RetentionEvent;
  until?: RetentionEvent;
  /** The text that sets the period or the justification: 'Code de commerce art. L123-22'. */
  basis: string;
  /** What is kept at this stage when not everything is. */
  scope?: LocalizedText;
  then?: RetentionRule[];
  cases?: RetentionCase[];
}

export interface RetentionCase extends RetentionRule {
  when: LocalizedText;
}

export interface DataCategory {
  id: string;
  name: LocalizedText;
  /** Art. 9 special category. */
  special?: boolean;
}

export const SOURCE_KINDS = ['data-subject', 'third-party', 'publicly-available'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where data comes from (Art. 14(2)(f), 15(1)(g)). */
export interface DataSource {
  id: string;
  name: LocalizedText;
  kind: SourceKind;
}

export const RECIPIENT_KINDS = ['internal', 'processor', 'controller', 'authority', 'group-company'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export interface Recipient {
  id: string;
  name: LocalizedText;
  kind: RecipientKind;
  /** True when `name` names an actual organisation, false for a category ("payment providers"). */
  named: boolean;
  country?: IsoCountryCode;
  /** Where the recipient is told of an erasure, rectification or restriction (Art. 19). */
  contactEmail?: string;
}

export interface ProcessingPurpose {
  id: string;
  name: LocalizedText;
  legalBasis: LegalBasis;
  /** Required when the basis is legitimate interests (Art. 13(1)(d)). */
  legitimateInterest?: LocalizedText;
  /** Required when the basis is a legal obligation: the text that imposes it. */
  legalObligation?: string;
  dataCategories: string[];
  sources: string[];
  recipients: string[];
  retention: RetentionRule;
}

export const TRANSFER_SAFEGUARDS = [
  'adequacy-decision',
  'standard-contractual-clauses',
  'binding-corporate-rules',
  'code-of-conduct',
  'certification',
  'ad-hoc-clauses',
  'art-49-derogation',
  'unspecified',
] as const;
/** Art. 45-49 GDPR. */
export type TransferSafeguard = (typeof TRANSFER_SAFEGUARDS)[number];

/** A transfer outside the EEA (Art. 15(2)). */
export interface Transfer {
  id: string;
  countries: IsoCountryCode[];
  safeguards: TransferSafeguard[];
  activity?: LocalizedText;
  recipients?: string[];
  purposes?: string[];
}

export const AUTOMATED_DECISION_EXCEPTIONS = ['contract', 'law', 'explicit-consent'] as const;
/** Art. 22(2)(a)-(c). */
export type AutomatedDecisionException = (typeof AUTOMATED_DECISION_EXCEPTIONS)[number];

/** Automated decisions and profiling (Art. 15(1)(h), 22). */
export interface AutomatedDecision {
  id: string;
  purpose: string;
  description: LocalizedText;
  /** Legal or similarly significant effects (Art. 22(1)). */
  significantEffects: boolean;
  exception?: AutomatedDecisionException;
  logic?: LocalizedText;
}

/** The register of processing activities (Art. 30) as far as replies need it. */
export interface ProcessingRegister {
  dataCategories: DataCategory[];
  sources: DataSource[];
  recipients: Recipient[];
  purposes: ProcessingPurpose[];
  transfers: Transfer[];
  automatedDecisions: AutomatedDecision[];
}

export const SYSTEM_KINDS = ['database', 'http-api', 'push-export', 'manual'] as const;
/** How a system is collected from: one kind of collector each (see ARCHITECTURE.md). */
export type SystemKind = (typeof SYSTEM_KINDS)[number];

export interface SystemEntry {
  id: string;
  name: string;
  kind: SystemKind;
  /** The processor operating it, when not the controller. */
  operator?: string;
  /** Who answers for the system: manual tasks are assigned to this address. Required for `manual`. */
  owner?: { email: string };
}

/** How a reply is delivered to the subject: a download link that expires, a limited number of downloads. */
export interface DeliveryPolicy {
  /** Days a download link stays valid. */
  downloadTtlDays: number;
  /** Downloads allowed per link; further copies follow `fees.extraCopies` (Art. 15(3)). */
  maxDownloads: number;
  /** Days after which a delivered package is destroyed (its request key shredded). */
  packageRetentionDays: number;
}

/** How the controller fulfils verified requests. */
export interface FulfilmentPolicy {
  /** Request types whose reply the DPO reviews (and may redact) before it is sent. */
  reviewBefore?: RequestType[];
  delivery?: DeliveryPolicy;
}

export interface ControllerProfile {
  /** Lower-case kebab-case; equals the file name. */
  id: string;
  legalEntity: LegalEntity;
  dpo?: DpoContact;
  /** Languages replies are written in; the first is the default. */
  languages: Language[];
  jurisdictions: Jurisdiction[];
  supervisoryAuthorities: SupervisoryAuthority[];
  channels: ChannelEndpoint[];
  rights: RightOffer[];
  deadlines: ProfileDeadlinePolicy;
  identity: IdentityPolicy;
  fees: FeePolicy;
  minors: MinorsPolicy;
  postMortem: PostMortemPolicy;
  register: ProcessingRegister;
  systems: SystemEntry[];
  /** Data category id → ids of the systems that hold it. */
  systemsMap: Record<string, string[]>;
  /** Review and delivery of replies; without it, no review and the platform's delivery defaults. */
  fulfilment?: FulfilmentPolicy;
}
