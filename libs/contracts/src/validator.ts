import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import envelopeSchema from '../schemas/envelope.json';
import collectionResultReported from '../schemas/dsar.collection.result-reported.v1.json';
import collectionTaskRequested from '../schemas/dsar.collection.task-requested.v1.json';
import fulfilmentReplyReady from '../schemas/dsar.fulfilment.reply-ready.v1.json';
import fulfilmentReplyRejected from '../schemas/dsar.fulfilment.reply-rejected.v1.json';
import fulfilmentPackageReady from '../schemas/dsar.fulfilment.package-ready.v1.json';
import requestReceived from '../schemas/dsar.request.received.v1.json';
import requestStatusChanged from '../schemas/dsar.request.status-changed.v1.json';
import verificationChallengeIssued from '../schemas/dsar.verification.challenge-issued.v1.json';
import verificationSucceeded from '../schemas/dsar.verification.succeeded.v1.json';
import verificationFailed from '../schemas/dsar.verification.failed.v1.json';
import verificationReviewRequested from '../schemas/dsar.verification.review-requested.v1.json';
import verificationInformationRequested from '../schemas/dsar.verification.information-requested.v1.json';
import identifierMatchRequested from '../schemas/dsar.identity.match-requested.v1.json';
import identifierMatchReported from '../schemas/dsar.identity.match-reported.v1.json';
import collectionTaskAssigned from '../schemas/dsar.collection.task-assigned.v1.json';
import fulfilmentAttentionRequired from '../schemas/dsar.fulfilment.attention-required.v1.json';
import recipientNotificationRequested from '../schemas/dsar.fulfilment.recipient-notification-requested.v1.json';
import fulfilmentDownloadCodeIssued from '../schemas/dsar.fulfilment.download-code-issued.v1.json';
import { DsarEvent } from './envelope';
import { EventType, EventTypes, isEventType } from './topics';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);

const validateEnvelope = ajv.compile(envelopeSchema);

const dataValidators: Record<EventType, ValidateFunction> = {
  [EventTypes.RequestReceived]: ajv.compile(requestReceived),
  [EventTypes.RequestStatusChanged]: ajv.compile(requestStatusChanged),
  [EventTypes.VerificationChallengeIssued]: ajv.compile(verificationChallengeIssued),
  [EventTypes.VerificationSucceeded]: ajv.compile(verificationSucceeded),
  [EventTypes.CollectionTaskRequested]: ajv.compile(collectionTaskRequested),
  [EventTypes.CollectionResultReported]: ajv.compile(collectionResultReported),
  [EventTypes.FulfilmentReplyReady]: ajv.compile(fulfilmentReplyReady),
  [EventTypes.FulfilmentReplyRejected]: ajv.compile(fulfilmentReplyRejected),
  [EventTypes.FulfilmentPackageReady]: ajv.compile(fulfilmentPackageReady),
  [EventTypes.VerificationFailed]: ajv.compile(verificationFailed),
  [EventTypes.VerificationReviewRequested]: ajv.compile(verificationReviewRequested),
  [EventTypes.VerificationInformationRequested]: ajv.compile(verificationInformationRequested),
  [EventTypes.IdentifierMatchRequested]: ajv.compile(identifierMatchRequested),
  [EventTypes.IdentifierMatchReported]: ajv.compile(identifierMatchReported),
  [EventTypes.CollectionTaskAssigned]: ajv.compile(collectionTaskAssigned),
  [EventTypes.FulfilmentAttentionRequired]: ajv.compile(fulfilmentAttentionRequired),
  [EventTypes.RecipientNotificationRequested]: ajv.compile(recipientNotificationRequested),
  [EventTypes.FulfilmentDownloadCodeIssued]: ajv.compile(fulfilmentDownloadCodeIssued),
};

export const EVENT_SCHEMAS = {
  envelope: envelopeSchema,
  [EventTypes.RequestReceived]: requestReceived,
  [EventTypes.RequestStatusChanged]: requestStatusChanged,
  [EventTypes.VerificationChallengeIssued]: verificationChallengeIssued,
  [EventTypes.VerificationSucceeded]: verificationSucceeded,
  [EventTypes.CollectionTaskRequested]: collectionTaskRequested,
  [EventTypes.CollectionResultReported]: collectionResultReported,
  [EventTypes.FulfilmentReplyReady]: fulfilmentReplyReady,
  [EventTypes.FulfilmentReplyRejected]: fulfilmentReplyRejected,
  [EventTypes.FulfilmentPackageReady]: fulfilmentPackageReady,
  [EventTypes.VerificationFailed]: verificationFailed,
  [EventTypes.VerificationReviewRequested]: verificationReviewRequested,
  [EventTypes.VerificationInformationRequested]: verificationInformationRequested,
  [EventTypes.IdentifierMatchRequested]: identifierMatchRequested,
  [EventTypes.IdentifierMatchReported]: identifierMatchReported,
  [EventTypes.CollectionTaskAssigned]: collectionTaskAssigned,
  [EventTypes.FulfilmentAttentionRequired]: fulfilmentAttentionRequired,
  [EventTypes.RecipientNotificationRequested]: recipientNotificationRequested,
  [EventTypes.FulfilmentDownloadCodeIssued]: fulfilmentDownloadCodeIssued,
} as const;

/** Raised when an event does not match its contract; `problems` never quote values. */
export class ContractViolation extends Error {
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`event ${eventType} violates its contract: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** Checks the envelope, then the data against the schema of the event's type. */
export function validateEvent(candidate: unknown): DsarEvent {
  if (!validateEnvelope(candidate)) {
    const type = (candidate as { type?: unknown } | null)?.type;
    throw new ContractViolation(typeof type === 'string' ? type : 'unknown', describe(validateEnvelope.errors));
  }
  const event = candidate as unknown as DsarEvent;
  if (!isEventType(event.type)) {
    throw new ContractViolation(event.type, ['/type is not a known event type']);
  }
  const validateData = dataValidators[event.type];
  if (!validateData(candidate)) {
    throw new ContractViolation(event.type, describe(validateData.errors));
  }
  return event;
}
