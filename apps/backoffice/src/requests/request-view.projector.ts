import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { RequestViewEntity } from './request-view.entity';

/**
 * Projects lifecycle events into the DPO's view. A request's status changes arrive in
 * order on one topic; its `received` event travels on another and may come later under
 * load, so either may create the view: a status change seen first creates it with the
 * change's time as a provisional receipt time, which the `received` event then corrects.
 */
@Injectable()
@HandlesEvents(EventTypes.RequestReceived, EventTypes.RequestStatusChanged)
export class RequestViewProjector implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const view = await manager.findOne(RequestViewEntity, { where: { requestId: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (event.type === EventTypes.RequestReceived) {
      const { data } = event as DsarEvent<typeof EventTypes.RequestReceived>;
      if (view) {
        await manager.update(RequestViewEntity, { requestId: event.subject }, { receivedAt: new Date(data.receivedAt) });
        return;
      }
      await manager.insert(RequestViewEntity, {
        ...newView(event, data, new Date(data.receivedAt)),
        status: 'received',
        dueAt: new Date(data.dueAt),
        dueRule: data.dueRule,
        updatedAt: new Date(event.time),
      });
      return;
    }
    const { data } = event as DsarEvent<typeof EventTypes.RequestStatusChanged>;
    const at = new Date(data.changedAt);
    const change = {
      status: data.toStatus,
      dueAt: new Date(data.dueAt),
      dueRule: data.dueRule,
      updatedAt: at,
      ...(data.toStatus === 'verified' ? { verifiedAt: at } : {}),
      ...(data.toStatus === 'completed' ? { completedAt: at } : {}),
    };
    if (view) {
      await manager.update(RequestViewEntity, { requestId: event.subject }, change);
      return;
    }
    await manager.insert(RequestViewEntity, { ...newView(event, data, at), ...change });
  }
}

/** What every view starts with, whichever event creates it. */
function newView(event: DsarEvent, data: { reference: string; requestType: string }, receivedAt: Date) {
  return {
    requestId: event.subject,
    controllerId: event.controllerid,
    reference: data.reference,
    type: data.requestType,
    receivedAt,
    verifiedAt: null,
    completedAt: null,
  };
}
