import { EventTypes } from './topics';

/** The data of each event type; each interface mirrors `schemas/<type>.json`. */

export type ContractRequestType =
  | 'access'
  | 'rectification'
  | 'erasure'
  | 'restriction'
  | 'objection'
  | 'portability'
  | 'consent-withdrawal'
  | 'information'
  | 'post-mortem-directive'
  | 'deceased-subject';

export type ContractRequestStatus =
  | 'received'
  | 'awaiting-verification'
  | 'verified'
  | 'in-progress'
  | 'awaiting-dpo-review'
  | 'paused'
  | 'completed'
  | 'rejected'
  | 'cancelled';

export interface RequestReceivedData {
  requestId: string;
  reference: string;
  requestType: ContractRequestType;
  channel: 'web' | 'api' | 'email' | 'post' | 'opendsr';
  receivedAt: string;
  dueAt: string;
  dueRule: string;
  regime?: string;
  requesterKind: 'subject' | 'parent-or-guardian' | 'heir' | 'designated-person' | 'agent';
  /** Where the requester is reached: the subject's address, or the representative's. */
  contactEmail: string;
  /** The identifier collectors search by. */
  subjectEmail: string;
  language: string;
  /** The supervisory authority the subject may complain to. */
  authority?: { name: string; country: string; website?: string };
  /** The request's details as intake validated them (rectification fields, objection grounds, portability target…). */
  details?: Record<string, unknown>;
}

export interface RequestStatusChangedData {
  requestId: string;
  reference: string;
  requestType: ContractRequestType;
  fromStatus: ContractRequestStatus | 'none';
  toStatus: ContractRequestStatus;
  action: string;
  reason?: string;
  /** The staff member's words to the requester: the reasons of an extension or of a refusal (Art. 12(3), 12(4)). */
  explanation?: string;
  pauseCause?: 'awaiting-identity' | 'awaiting-clarification' | 'awaiting-fee';
  changedAt: string;
  dueAt: string;
  dueRule: string;
  actorKind: 'subject' | 'requester' | 'staff' | 'service' | 'system';
}

export type VerificationMethod = 'email-code' | 'magic-link' | 'known-identifiers' | 'id-document' | 'staff-review';

export interface VerificationChallengeIssuedData {
  requestId: string;
  challengeId: string;
  method: 'email-code' | 'magic-link';
  recipient: string;
  /** The six digits (`email-code`) or the one-time link (`magic-link`), sealed for notification: see `SubjectSecretSealer`. */
  sealedSecret: string;
  /** Absent or `requester`: the requester proves their address; `subject-confirmation`: the subject confirms an agent acts for them. */
  purpose?: 'requester' | 'subject-confirmation';
  expiresAt: string;
  language: string;
}

export interface VerificationSucceededData {
  requestId: string;
  challengeId: string;
  method: VerificationMethod;
  verifiedAt: string;
  identities: { email: string };
  contactEmail?: string;
  requestType?: ContractRequestType;
  language: string;
}

export type CollectionAction = 'export' | 'erase' | 'rectify' | 'restrict' | 'resume' | 'object' | 'withdraw-consent';

/** Identifiers the controller already knows, by kind (`customer-number`, `last-invoice-number`, `postcode`…). */
export type KnownIdentifiers = Record<string, string>;

export interface CollectionTaskRequestedData {
  requestId: string;
  taskId: string;
  systemId: string;
  action: CollectionAction;
  identities: { email: string };
  identifiers?: KnownIdentifiers;
  /** Register data category ids in scope for this system; absent means all. */
  dataCategories?: string[];
  /** Portability asks only for what the subject provided or generated. */
  exportScope?: 'all' | 'provided-by-subject';
  /** For `rectify`. */
  rectifications?: Array<{ field: string; value: string }>;
  /** For `object` and `withdraw-consent`: the purposes concerned; absent means all. */
  purposes?: string[];
  /** The collection timeout fulfilment set from the due date. */
  respondBy?: string;
  requestType?: ContractRequestType;
}

export interface BlobReference {
  /** Key in the shared encrypted blob store; the event never carries the data itself. */
  key: string;
  sha256: string;
  size: number;
}

/** What was kept in one category, why, and until when. */
export interface KeptRecords {
  records: number;
  /** The legal basis, e.g. `Code de commerce art. L123-22`. */
  basis: string;
  reason?: string;
  /** The date the kept records will be deleted (YYYY-MM-DD). */
  until?: string;
}

export interface CategoryOutcome {
  /** A register data category id. */
  category: string;
  records: number;
  exported?: number;
  erased?: number;
  anonymised?: number;
  rectified?: number;
  restricted?: number;
  kept?: KeptRecords[];
}

export interface CollectionResultReportedData {
  requestId: string;
  taskId: string;
  systemId: string;
  /** `exported` for an export with data, `completed` for any other action carried out. */
  outcome: 'exported' | 'completed' | 'no-data' | 'failed';
  action?: CollectionAction;
  via?: 'collector' | 'push' | 'manual';
  recordCount: number;
  /**
   * The export, NDJSON in UTF-8, one line per record:
   * `{"category":"<data category id>","source":"<table, endpoint or file>","record":{...}}`.
   */
  export?: BlobReference;
  categories?: CategoryOutcome[];
  /** Never personal data. */
  error?: string;
}

/** The reply is built and stored; intake completes the request, and only then does the download open. */
export interface FulfilmentReplyReadyData {
  requestId: string;
  packageVersion: number;
  readyAt: string;
}

/** Why the DPO refused a reply in review, in the request lifecycle's words. */
export type ReplyRejectionReason = 'manifestly-unfounded' | 'excessive' | 'rights-of-others' | 'legal-exemption' | 'identity-not-verified';

/** The DPO refused the reply in review; intake rejects the request with this reason. */
export interface FulfilmentReplyRejectedData {
  requestId: string;
  reason: ReplyRejectionReason;
  /** The DPO's words to the requester. */
  explanation?: string;
  rejectedAt: string;
}

export interface FulfilmentPackageReadyData {
  requestId: string;
  package: BlobReference;
  /** The download link, sealed for notification. */
  sealedDownloadUrl: string;
  expiresAt: string;
  recipient: string;
  language: string;
  requestType?: ContractRequestType;
  kind?: 'access' | 'portability' | 'action-report';
  /** For a post-mortem directive or a request about a deceased subject: what the answer did (LIL arts. 84-86). */
  postMortemOutcome?: PostMortemOutcome;
}

export type PostMortemOutcome =
  | 'directive-registered'
  | 'directive-changed'
  | 'directive-revoked'
  | 'data-communicated'
  | 'data-erased'
  | 'processing-stopped'
  | 'data-updated'
  | 'directive-noted';

export interface VerificationFailedData {
  requestId: string;
  reason:
    'expired' | 'too-many-attempts' | 'rejected-by-staff' | 'identifiers-not-matched' | 'document-rejected' | 'proof-of-authority-rejected';
  /** The staff member's reason, when a person decided. */
  explanation?: string;
  failedAt: string;
  language: string;
  contactEmail?: string;
}

export interface VerificationReviewRequestedData {
  requestId: string;
  verificationId: string;
  reason: 'id-document' | 'representative-proof' | 'identifiers-inconclusive' | 'policy';
  requestedAt: string;
}

export interface VerificationInformationRequestedData {
  requestId: string;
  verificationId: string;
  /** The staff member's words to the requester. */
  message: string;
  requestedAt: string;
  language: string;
  contactEmail: string;
}

export interface IdentifierMatchRequestedData {
  requestId: string;
  matchId: string;
  systemId: string;
  identities: { email: string };
  identifiers: KnownIdentifiers;
}

export interface IdentifierMatchReportedData {
  requestId: string;
  matchId: string;
  systemId: string;
  /** Never says which identifier differed. */
  outcome: 'matched' | 'not-matched' | 'failed';
}

export interface CollectionTaskAssignedData {
  requestId: string;
  taskId: string;
  systemId: string;
  action: CollectionAction;
  ownerEmail: string;
  respondBy?: string;
  language?: string;
}

export const ATTENTION_REASONS = [
  'collection-timeout',
  'collector-failed',
  'review-required',
  'deadline-at-risk',
  'verification-locked',
  'download-locked',
] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

export interface FulfilmentAttentionRequiredData {
  requestId: string;
  reason: AttentionReason;
  systemIds?: string[];
  /** The request's due date; absent where the raising service does not know it (identity). */
  dueAt?: string;
  raisedAt: string;
  /** For the two locks: when the verification or the download link opens again. */
  lockedUntil?: string;
}

export interface RecipientNotificationRequestedData {
  requestId: string;
  recipientId: string;
  recipientName: string;
  recipientEmail: string;
  action: 'erasure' | 'rectification' | 'restriction';
  language: string;
  requestedAt: string;
}

/** A one-time code the subject needs, beside the link, to download a reply. */
export interface FulfilmentDownloadCodeIssuedData {
  requestId: string;
  /** Where the reply was sent: the subject's verified address, or the representative's. */
  recipient: string;
  /** Six digits, valid once until `expiresAt`, sealed for notification. */
  sealedCode: string;
  expiresAt: string;
  language: string;
}

export interface EventDataByType {
  [EventTypes.RequestReceived]: RequestReceivedData;
  [EventTypes.RequestStatusChanged]: RequestStatusChangedData;
  [EventTypes.VerificationChallengeIssued]: VerificationChallengeIssuedData;
  [EventTypes.VerificationSucceeded]: VerificationSucceededData;
  [EventTypes.CollectionTaskRequested]: CollectionTaskRequestedData;
  [EventTypes.CollectionResultReported]: CollectionResultReportedData;
  [EventTypes.FulfilmentReplyReady]: FulfilmentReplyReadyData;
  [EventTypes.FulfilmentReplyRejected]: FulfilmentReplyRejectedData;
  [EventTypes.FulfilmentPackageReady]: FulfilmentPackageReadyData;
  [EventTypes.VerificationFailed]: VerificationFailedData;
  [EventTypes.VerificationReviewRequested]: VerificationReviewRequestedData;
  [EventTypes.VerificationInformationRequested]: VerificationInformationRequestedData;
  [EventTypes.IdentifierMatchRequested]: IdentifierMatchRequestedData;
  [EventTypes.IdentifierMatchReported]: IdentifierMatchReportedData;
  [EventTypes.CollectionTaskAssigned]: CollectionTaskAssignedData;
  [EventTypes.FulfilmentAttentionRequired]: FulfilmentAttentionRequiredData;
  [EventTypes.RecipientNotificationRequested]: RecipientNotificationRequestedData;
  [EventTypes.FulfilmentDownloadCodeIssued]: FulfilmentDownloadCodeIssuedData;
}
