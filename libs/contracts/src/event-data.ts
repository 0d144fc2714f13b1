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
}

export interface RequestStatusChangedData {
  requestId: string;
  reference: string;
  requestType: ContractRequestType;
  fromStatus: ContractRequestStatus | 'none';
  toStatus: ContractRequestStatus;
  action: string;
  reason?: string;
  pauseCause?: 'awaiting-identity' | 'awaiting-clarification' | 'awaiting-fee';
  changedAt: string;
  dueAt: string;
  dueRule: string;
  actorKind: 'subject' | 'requester' | 'staff' | 'service' | 'system';
}

export interface VerificationChallengeIssuedData {
  requestId: string;
  challengeId: string;
  method: 'email-code';
  recipient: string;
  code: string;
  expiresAt: string;
  language: string;
}

export interface VerificationSucceededData {
  requestId: string;
  challengeId: string;
  method: 'email-code';
  verifiedAt: string;
  identities: { email: string };
  contactEmail?: string;
  requestType?: ContractRequestType;
  language: string;
}

export interface CollectionTaskRequestedData {
  requestId: string;
  taskId: string;
  systemId: string;
  action: 'export';
  identities: { email: string };
}

export interface BlobReference {
  /** Key in the shared encrypted blob store; the event never carries the data itself. */
  key: string;
  sha256: string;
  size: number;
}

export interface CollectionResultReportedData {
  requestId: string;
  taskId: string;
  systemId: string;
  outcome: 'exported' | 'no-data' | 'failed';
  recordCount: number;
  export?: BlobReference;
  error?: string;
}

export interface FulfilmentPackageReadyData {
  requestId: string;
  package: BlobReference;
  downloadUrl: string;
  expiresAt: string;
  recipient: string;
  language: string;
}

export interface EventDataByType {
  [EventTypes.RequestReceived]: RequestReceivedData;
  [EventTypes.RequestStatusChanged]: RequestStatusChangedData;
  [EventTypes.VerificationChallengeIssued]: VerificationChallengeIssuedData;
  [EventTypes.VerificationSucceeded]: VerificationSucceededData;
  [EventTypes.CollectionTaskRequested]: CollectionTaskRequestedData;
  [EventTypes.CollectionResultReported]: CollectionResultReportedData;
  [EventTypes.FulfilmentPackageReady]: FulfilmentPackageReadyData;
}
