import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { advance, RequestStatus } from '@dsar/domain';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { RequestEntity } from './request.entity';

const STATUS_AFTER: Partial<Record<string, RequestStatus>> = {
  [EventTypes.VerificationSucceeded]: RequestStatus.InProgress,
  [EventTypes.FulfilmentPackageReady]: RequestStatus.Completed,
};

/** Follows the request through the other services so the subject can track it here. */
@Injectable()
@HandlesEvents(EventTypes.VerificationSucceeded, EventTypes.FulfilmentPackageReady)
export class RequestProgressHandler implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const next = STATUS_AFTER[event.type];
    const request = await manager.findOne(RequestEntity, { where: { id: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (!next || !request) return;
    const status = advance(request.status, next);
    if (status !== request.status) {
      await manager.update(RequestEntity, { id: request.id }, { status });
    }
  }
}
