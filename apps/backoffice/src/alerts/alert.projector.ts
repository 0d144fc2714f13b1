import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
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
@HandlesEvents(
  EventTypes.VerificationReviewRequested,
  EventTypes.FulfilmentAttentionRequired,
  EventTypes.CollectionTaskAssigned,
  EventTypes.RequestStatusChanged,
)
export class AlertProjector implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    if (event.type === EventTypes.RequestStatusChanged) {
      const { data } = event as DsarEvent<typeof EventTypes.RequestStatusChanged>;
      if (!ENDED.has(data.toStatus)) return;
      await manager.update(
        AlertEntity,
        { requestId: event.subject, resolvedAt: IsNull() },
        { resolvedAt: new Date(data.changedAt), resolvedBy: `request:${data.toStatus}`, resolution: null },
      );
      return;
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(AlertEntity)
      .values(alertOf(event as RaisingEvent))
      .orIgnore()
      .execute();
  }
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
        dueAt: new Date(event.data.dueAt),
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
