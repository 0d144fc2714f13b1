import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { advance, RequestStatus } from '@dsar/domain';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { RequestViewEntity } from './request-view.entity';

/**
 * Projects lifecycle events into the DPO's view. Events of one request arrive in order
 * on one topic but not across topics, so a later event seen first only fills in what it
 * knows and status never moves backwards.
 */
@Injectable()
@HandlesEvents(EventTypes.RequestReceived, EventTypes.VerificationSucceeded, EventTypes.FulfilmentPackageReady)
export class RequestViewProjector implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const view = await manager.findOne(RequestViewEntity, { where: { requestId: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (event.type === EventTypes.RequestReceived) {
      const { data } = event as DsarEvent<typeof EventTypes.RequestReceived>;
      const received = {
        controllerId: event.controllerid,
        reference: data.reference,
        type: data.requestType,
        receivedAt: new Date(data.receivedAt),
        dueAt: new Date(data.dueAt),
        dueRule: data.dueRule,
        updatedAt: new Date(),
      };
      if (view) {
        await manager.update(RequestViewEntity, { requestId: event.subject }, received);
      } else {
        await manager.insert(RequestViewEntity, {
          requestId: event.subject,
          status: RequestStatus.AwaitingVerification,
          verifiedAt: null,
          completedAt: null,
          ...received,
        });
      }
      return;
    }
    if (!view) throw new Error('request not yet known to the back-office; retried until its received event is projected');
    const at = new Date(event.time);
    if (event.type === EventTypes.VerificationSucceeded) {
      await manager.update(
        RequestViewEntity,
        { requestId: event.subject },
        { verifiedAt: at, status: advance(view.status as RequestStatus, RequestStatus.InProgress), updatedAt: new Date() },
      );
    } else {
      await manager.update(
        RequestViewEntity,
        { requestId: event.subject },
        { completedAt: at, status: advance(view.status as RequestStatus, RequestStatus.Completed), updatedAt: new Date() },
      );
    }
  }
}
