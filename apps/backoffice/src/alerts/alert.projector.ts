import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager, IsNull } from 'typeorm';
import { AlertEntity, AlertKind } from './alert.entity';

const ENDED = new Set(['completed', 'rejected', 'cancelled']);

type RaisingEvent =
  | DsarEvent<typeof EventTypes.VerificationReviewRequested>
  | DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>
  | DsarEvent<typeof EventTypes.CollectionTaskAssigned>;

/**
 * Raises an alert for each event that needs a person, and closes a request's open
 * alerts when the request ends: nothing is left waiting on a closed request.
 */
@Injectable()
export class AlertProjector {
  @OnEvent(EventTypes.RequestStatusChanged)
  async onStatusChanged(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, manager: EntityManager): Promise<void> {
    const { data } = event;
    if (!ENDED.has(data.toStatus)) return;
    await manager.update(
      AlertEntity,
      { requestId: event.subject, resolvedAt: IsNull() },
      { resolvedAt: new Date(data.changedAt), resolvedBy: `request:${data.toStatus}`, resolution: null },
    );
  }

  @OnEvent(EventTypes.VerificationReviewRequested)
  onReviewRequested(event: DsarEvent<typeof EventTypes.VerificationReviewRequested>, manager: EntityManager): Promise<void> {
    return raise(manager, event);
  }

  @OnEvent(EventTypes.FulfilmentAttentionRequired)
  onAttentionRequired(event: DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>, manager: EntityManager): Promise<void> {
    return raise(manager, event);
  }

  @OnEvent(EventTypes.CollectionTaskAssigned)
  onTaskAssigned(event: DsarEvent<typeof EventTypes.CollectionTaskAssigned>, manager: EntityManager): Promise<void> {
    return raise(manager, event);
  }
}

/** One alert per event: a redelivered event raises nothing more. */
async function raise(manager: EntityManager, event: RaisingEvent): Promise<void> {
  await manager.createQueryBuilder().insert().into(AlertEntity).values(alertOf(event)).orIgnore().execute();
}

function alertOf(event: RaisingEvent): AlertEntity {
  const base = {
    id: event.id,
    requestId: event.subject,
    controllerId: event.controllerid,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
  };
  switch (event.type) {
    case EventTypes.VerificationReviewRequested:
      return { ...base, kind: 'verification-review', systemIds: [], raisedAt: new Date(event.data.requestedAt), dueAt: null };
    case EventTypes.FulfilmentAttentionRequired:
      return {
        ...base,
        kind: event.data.reason as AlertKind,
        systemIds: event.data.systemIds ?? [],
        raisedAt: new Date(event.data.raisedAt),
        dueAt: event.data.dueAt ? new Date(event.data.dueAt) : null,
      };
    case EventTypes.CollectionTaskAssigned:
      return {
        ...base,
        kind: 'manual-task',
        systemIds: [event.data.systemId],
        raisedAt: new Date(event.time),
        dueAt: event.data.respondBy ? new Date(event.data.respondBy) : null,
      };
  }
}
