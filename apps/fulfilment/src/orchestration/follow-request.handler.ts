import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { AuditActor, fulfilmentAllows, followDueDate, isFinalFulfilment } from '@dsar/domain';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { packageKindOf } from './fulfilment-plan';
import { FulfilmentProgress } from './fulfilment-progress';
import { FulfilmentStarter } from './fulfilment-starter';
import { fulfilmentStateOf, moveFulfilment } from './fulfilment-state';

const INTAKE: AuditActor = { kind: 'service', id: 'intake' };

/**
 * Fulfilment follows the request's lifecycle, which intake owns. A request's events arrive in
 * their causal order (one topic per request), so its `received` event is always read first:
 * fulfilment keeps what it needs of it, the verified address from identity, then acts on each
 * status change — starts when the request is in progress, holds while it is paused, stops when
 * it is cancelled or rejected, hands the reply over once it is completed — and takes the due
 * date of every change, moving the collection timeouts with it.
 */
@Injectable()
export class FollowRequestHandler {
  constructor(
    private readonly starter: FulfilmentStarter,
    private readonly progress: FulfilmentProgress,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
  ) {}

  @OnEvent(EventTypes.RequestReceived)
  async onReceived(event: DsarEvent<typeof EventTypes.RequestReceived>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await manager.save(FulfilmentEntity, {
      requestId: data.requestId,
      controllerId: event.controllerid,
      reference: data.reference,
      requestType: data.requestType,
      kind: packageKindOf(data.requestType),
      status: 'received',
      email: data.contactEmail,
      subjectEmail: data.subjectEmail,
      language: data.language,
      dueAt: new Date(data.dueAt),
      details: data.details ?? {},
      authority: data.authority ?? null,
      requesterKind: data.requesterKind,
      reviewRequired: false,
      packageVersion: 0,
    });
  }

  @OnEvent(EventTypes.VerificationSucceeded)
  async onVerified(event: DsarEvent<typeof EventTypes.VerificationSucceeded>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const fulfilment = await this.locked(manager, data.requestId);
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      { subjectEmail: data.identities.email, email: data.contactEmail ?? fulfilment.email ?? data.identities.email },
    );
  }

  @OnEvent(EventTypes.RequestStatusChanged)
  async onStatusChanged(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const fulfilment = await this.locked(manager, data.requestId);
    const now = new Date();
    await this.followDueDate(manager, fulfilment, new Date(data.dueAt), now);
    if (fulfilment.status === 'held' && data.toStatus !== 'paused') await this.release(manager, fulfilment, now, event.correlationid);
    switch (data.toStatus) {
      case 'paused':
        if (fulfilmentAllows(fulfilmentStateOf(fulfilment), { kind: 'hold' })) await moveFulfilment(manager, fulfilment, { kind: 'hold' });
        return;
      case 'cancelled':
      case 'rejected':
        if (!isFinalFulfilment(fulfilment.status)) await this.progress.stop(manager, fulfilment, data.toStatus, now, INTAKE);
        return;
      case 'completed':
        if (fulfilment.status === 'reply-ready') await this.progress.handOver(manager, fulfilment, now, event.correlationid);
        return;
      case 'in-progress':
        if (fulfilment.status === 'received') await this.starter.start(manager, fulfilment, now, event.correlationid);
        return;
      default:
        return;
    }
  }

  /** The request resumed: the fulfilment picks up where it was, and catches up on what came meanwhile. */
  private async release(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId: string): Promise<void> {
    await moveFulfilment(manager, fulfilment, { kind: 'release' });
    if (fulfilment.status === 'collecting') await this.progress.advance(manager, fulfilment, now, correlationId);
    else if (fulfilment.status === 'reply-ready') await this.progress.reportReady(manager, fulfilment, now, correlationId);
  }

  /** Collection timeouts still running move as the due date moves (an extension, the days of a pause). */
  private async followDueDate(manager: EntityManager, fulfilment: FulfilmentEntity, dueAt: Date, now: Date): Promise<void> {
    const previous = fulfilment.dueAt;
    if (previous?.getTime() === dueAt.getTime()) return;
    const follow = (respondBy: Date) =>
      previous ? followDueDate(respondBy, previous, dueAt, this.config.DEADLINE_MARGIN_DAYS, now) : respondBy;
    const open = await manager.find(CollectionTaskEntity, { where: { requestId: fulfilment.requestId, status: 'requested' } });
    for (const task of open) {
      if (task.respondBy) await manager.update(CollectionTaskEntity, { id: task.id }, { respondBy: follow(task.respondBy) });
    }
    fulfilment.dueAt = dueAt;
    fulfilment.respondBy = fulfilment.respondBy ? follow(fulfilment.respondBy) : null;
    const later = !previous || dueAt > previous;
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      { dueAt, respondBy: fulfilment.respondBy, ...(later ? { deadlineAlertedAt: null } : {}) },
    );
  }

  private async locked(manager: EntityManager, requestId: string): Promise<FulfilmentEntity> {
    const fulfilment = await manager.findOne(FulfilmentEntity, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
    // Its received event comes first on the request's topic: an unknown request is a fault to retry, then dead-letter.
    if (!fulfilment) throw new Error('event about a request fulfilment has not received');
    return fulfilment;
  }
}
