/**
 * Every event type of the platform, declared once: `<domain>.<entity>.<event>.<version>`.
 * The CloudEvents `type` of an event; the topic that carries it is `topicOf(type)`.
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
  FulfilmentReplyReady: 'dsar.fulfilment.reply-ready.v1',
  FulfilmentReplyRejected: 'dsar.fulfilment.reply-rejected.v1',
  FulfilmentPackageReady: 'dsar.fulfilment.package-ready.v1',
  FulfilmentAttentionRequired: 'dsar.fulfilment.attention-required.v1',
  RecipientNotificationRequested: 'dsar.fulfilment.recipient-notification-requested.v1',
  FulfilmentDownloadCodeIssued: 'dsar.fulfilment.download-code-issued.v1',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EventTypes);

/**
 * The topics, one per aggregate. Every event of the platform is about one request (its
 * `subject`, also the message key), and its causes are events of the same request emitted
 * by other services: a collector's result follows fulfilment's task, which follows intake's
 * status change, which follows identity's verification of intake's `received`. Kept on one
 * topic and one partition per request, a consumer reads a request's events in that causal
 * order, whatever their types; spread over a topic per type it could read a later event
 * before its cause.
 */
export const Topics = {
  RequestEvents: 'dsar.request.events.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Each type's topic: a new event type does not compile until its topic is chosen here. */
const TOPIC_OF: { readonly [T in EventType]: Topic } = {
  [EventTypes.RequestReceived]: Topics.RequestEvents,
  [EventTypes.RequestStatusChanged]: Topics.RequestEvents,
  [EventTypes.VerificationChallengeIssued]: Topics.RequestEvents,
  [EventTypes.VerificationSucceeded]: Topics.RequestEvents,
  [EventTypes.VerificationFailed]: Topics.RequestEvents,
  [EventTypes.VerificationReviewRequested]: Topics.RequestEvents,
  [EventTypes.VerificationInformationRequested]: Topics.RequestEvents,
  [EventTypes.IdentifierMatchRequested]: Topics.RequestEvents,
  [EventTypes.IdentifierMatchReported]: Topics.RequestEvents,
  [EventTypes.CollectionTaskRequested]: Topics.RequestEvents,
  [EventTypes.CollectionResultReported]: Topics.RequestEvents,
  [EventTypes.CollectionTaskAssigned]: Topics.RequestEvents,
  [EventTypes.FulfilmentReplyReady]: Topics.RequestEvents,
  [EventTypes.FulfilmentReplyRejected]: Topics.RequestEvents,
  [EventTypes.FulfilmentPackageReady]: Topics.RequestEvents,
  [EventTypes.FulfilmentAttentionRequired]: Topics.RequestEvents,
  [EventTypes.RecipientNotificationRequested]: Topics.RequestEvents,
  [EventTypes.FulfilmentDownloadCodeIssued]: Topics.RequestEvents,
};

/** The topic that carries events of this type. */
export function topicOf(type: EventType): Topic {
  return TOPIC_OF[type];
}

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** The topics to read for these event types, each once. */
export function topicsOf(types: Iterable<EventType>): Topic[] {
  return [...new Set([...types].map(topicOf))];
}

/** The dead-letter topic of one consumer group: where its poison events end up. */
export function deadLetterTopic(consumerGroup: string): string {
  return `dsar.dlq.${consumerGroup}.v1`;
}

export function isEventType(value: string): value is EventType {
  return (ALL_EVENT_TYPES as readonly string[]).includes(value);
}
