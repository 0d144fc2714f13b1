import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
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

export function asMessage(event: DsarEvent) {
  return { topic: event.type, key: event.subject, value: JSON.stringify(event) };
}
