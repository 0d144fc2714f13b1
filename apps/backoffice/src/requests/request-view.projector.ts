import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { RequestViewEntity } from './request-view.entity';

/**
 * Projects lifecycle events into the DPO's view. A request's events arrive in order on its
 * topic, so its `received` event creates the view and every status change updates it.
 */
@Injectable()
export class RequestViewProjector {
  @OnEvent(EventTypes.RequestReceived)
  async onReceived(event: DsarEvent<typeof EventTypes.RequestReceived>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await manager.insert(RequestViewEntity, {
      requestId: event.subject,
      controllerId: event.controllerid,
      reference: data.reference,
      type: data.requestType,
      receivedAt: new Date(data.receivedAt),
      verifiedAt: null,
      completedAt: null,
      status: 'received',
      dueAt: new Date(data.dueAt),
      dueRule: data.dueRule,
      updatedAt: new Date(event.time),
    });
  }

  @OnEvent(EventTypes.RequestStatusChanged)
  async onStatusChanged(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const at = new Date(data.changedAt);
    const changed = await manager.update(
      RequestViewEntity,
      { requestId: event.subject },
      {
        status: data.toStatus,
        dueAt: new Date(data.dueAt),
        dueRule: data.dueRule,
        updatedAt: at,
        ...(data.toStatus === 'verified' ? { verifiedAt: at } : {}),
        ...(data.toStatus === 'completed' ? { completedAt: at } : {}),
      },
    );
    if (changed.affected === 0) throw new Error('status change of a request whose received event was not projected');
  }
}
