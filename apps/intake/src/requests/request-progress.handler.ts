import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { AuditActor, IllegalTransitionError, LifecycleCommand } from '@dsar/domain';
import { OnEvent, PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { RequestLifecycleService } from './request-lifecycle.service';
import { RequestEntity } from './request.entity';

const IDENTITY: AuditActor = { kind: 'service', id: 'identity' };
const FULFILMENT: AuditActor = { kind: 'service', id: 'fulfilment' };

/** Fulfilment holds the reply for the DPO for these reasons; a deadline at risk only alerts. */
const HELD_FOR_REVIEW = new Set(['review-required', 'collection-timeout', 'collector-failed']);

/**
 * Intake owns each request's lifecycle; what the other services decide reaches it as events and
 * becomes a transition here: verified, then in progress; awaiting the DPO's review when
 * fulfilment holds the reply; completed when the reply is ready (fulfilment hands it over only
 * then); rejected, with the DPO's reason and words, when the reply is refused in review. A report
 * that no longer applies (the request was cancelled, rejected or paused meanwhile) changes
 * nothing, and says so in the log; fulfilment reports a ready reply again when a paused request
 * resumes.
 */
@Injectable()
export class RequestProgressHandler {
  constructor(
    private readonly lifecycle: RequestLifecycleService,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  @OnEvent(EventTypes.VerificationSucceeded)
  async onVerified(event: DsarEvent<typeof EventTypes.VerificationSucceeded>, manager: EntityManager): Promise<void> {
    await this.move(manager, event, [{ kind: 'verify' }, { kind: 'start-fulfilment' }], IDENTITY);
  }

  @OnEvent(EventTypes.FulfilmentAttentionRequired)
  async onAttentionRequired(event: DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>, manager: EntityManager): Promise<void> {
    if (!HELD_FOR_REVIEW.has(event.data.reason)) return;
    await this.move(manager, event, [{ kind: 'submit-for-review' }], FULFILMENT);
  }

  @OnEvent(EventTypes.FulfilmentReplyReady)
  async onReplyReady(event: DsarEvent<typeof EventTypes.FulfilmentReplyReady>, manager: EntityManager): Promise<void> {
    await this.move(manager, event, [{ kind: 'complete' }], FULFILMENT);
  }

  @OnEvent(EventTypes.FulfilmentReplyRejected)
  async onReplyRejected(event: DsarEvent<typeof EventTypes.FulfilmentReplyRejected>, manager: EntityManager): Promise<void> {
    const { reason, explanation } = event.data;
    await this.move(manager, event, [{ kind: 'reject', reason, explanation }], FULFILMENT);
  }

  private async move(manager: EntityManager, event: DsarEvent, commands: LifecycleCommand[], actor: AuditActor): Promise<void> {
    const request = await manager.findOne(RequestEntity, { where: { id: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (!request) return;
    for (const command of commands) {
      try {
        await this.lifecycle.apply(manager, request, command, actor, {
          at: new Date(event.time),
          correlationId: event.correlationid,
          details: { eventId: event.id },
        });
      } catch (error) {
        if (!(error instanceof IllegalTransitionError)) throw error;
        this.log.warn(
          { requestId: request.id, status: request.status, command: command.kind, eventType: event.type },
          'event does not apply to the request in its state',
        );
        return;
      }
    }
  }
}
