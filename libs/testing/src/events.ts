import { createEvent, DsarEvent, EventTypes, topicOf } from '@dsar/contracts';
import { randomUUID } from 'node:crypto';

/** A valid `collection.task-requested` event; cheap to make many of in transport tests. */
export function sampleEvent(requestId: string = randomUUID(), systemId = 'demo-crm'): DsarEvent<typeof EventTypes.CollectionTaskRequested> {
  return createEvent({
    type: EventTypes.CollectionTaskRequested,
    source: 'dsar/test',
    subject: requestId,
    controllerId: 'demo',
    data: { requestId, taskId: randomUUID(), systemId, action: 'export', identities: { email: 'ada@example.org' } },
  });
}

/** A valid `collection.result-reported` event: another type of the same request's events. */
export function sampleResult(
  requestId: string = randomUUID(),
  systemId = 'demo-crm',
): DsarEvent<typeof EventTypes.CollectionResultReported> {
  return createEvent({
    type: EventTypes.CollectionResultReported,
    source: 'dsar/test',
    subject: requestId,
    controllerId: 'demo',
    data: { requestId, taskId: randomUUID(), systemId, outcome: 'no-data', recordCount: 0 },
  });
}

export function asMessage(event: DsarEvent) {
  return { topic: topicOf(event.type), key: event.subject, value: JSON.stringify(event) };
}
