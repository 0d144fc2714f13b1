import { EventTypes } from './topics';

/** The data of each event type; each interface mirrors `schemas/<type>.json`. */

export interface RequestReceivedData {
  requestId: string;
  reference: string;
  requestType: 'access';
  channel: 'api';
  receivedAt: string;
  dueAt: string;
  dueRule: string;
  /** The one identifier the identity service needs to reach the subject. */
  subjectEmail: string;
  language: string;
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
  [EventTypes.VerificationChallengeIssued]: VerificationChallengeIssuedData;
  [EventTypes.VerificationSucceeded]: VerificationSucceededData;
  [EventTypes.CollectionTaskRequested]: CollectionTaskRequestedData;
  [EventTypes.CollectionResultReported]: CollectionResultReportedData;
  [EventTypes.FulfilmentPackageReady]: FulfilmentPackageReadyData;
}
