/**
 * Every event type of the platform, declared once. An event type is also the name of
 * the Kafka topic that carries it: `<domain>.<entity>.<event>.<version>`.
 */
export const EventTypes = {
  RequestReceived: 'dsar.request.received.v1',
  RequestStatusChanged: 'dsar.request.status-changed.v1',
  VerificationChallengeIssued: 'dsar.verification.challenge-issued.v1',
  VerificationSucceeded: 'dsar.verification.succeeded.v1',
  VerificationFailed: 'dsar.verification.failed.v1',
  VerificationReviewRequested: 'dsar.verification.review-requested.v1',
  VerificationInformationRequested: 'dsar.verification.information-requested.v1',
  IdentifierMatchRequested: 'dsar.identity.match-requested.v1',
  IdentifierMatchReported: 'dsar.identity.match-reported.v1',
  CollectionTaskRequested: 'dsar.collection.task-requested.v1',
  CollectionResultReported: 'dsar.collection.result-reported.v1',
  CollectionTaskAssigned: 'dsar.collection.task-assigned.v1',
  FulfilmentPackageReady: 'dsar.fulfilment.package-ready.v1',
  FulfilmentAttentionRequired: 'dsar.fulfilment.attention-required.v1',
  RecipientNotificationRequested: 'dsar.fulfilment.recipient-notification-requested.v1',
  FulfilmentDownloadCodeIssued: 'dsar.fulfilment.download-code-issued.v1',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);

/** The dead-letter topic of one consumer group: where its poison events end up. */
export function deadLetterTopic(consumerGroup: string): string {
  return `dsar.dlq.${consumerGroup}.v1`;
}

export function isEventType(value: string): value is EventType {
  return (ALL_EVENT_TYPES as readonly string[]).includes(value);
}
