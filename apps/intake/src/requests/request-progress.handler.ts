import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { AuditActor, LifecycleCommand } from '@dsar/domain';
import { DsarEventHandler, HandlesEvents, PLATFORM_LOGGER, ProblemException } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { RequestLifecycleService } from './request-lifecycle.service';
import { RequestEntity } from './request.entity';

const STEPS: Partial<Record<string, { commands: LifecycleCommand[]; actor: AuditActor }>> = {
  [EventTypes.VerificationSucceeded]: {
    commands: [{ kind: 'verify' }, { kind: 'start-fulfilment' }],
    actor: { kind: 'service', id: 'identity' },
  },
  [EventTypes.FulfilmentPackageReady]: { commands: [{ kind: 'complete' }], actor: { kind: 'service', id: 'fulfilment' } },
  [EventTypes.FulfilmentAttentionRequired]: { commands: [{ kind: 'submit-for-review' }], actor: { kind: 'service', id: 'fulfilment' } },
};

/** Fulfilment holds the reply for the DPO for these reasons; a deadline at risk only alerts. */
const HELD_FOR_REVIEW = new Set(['review-required', 'collection-timeout', 'collector-failed']);

/**
 * Moves requests on as the other services report: verified, then in progress; awaiting
 * the DPO's review when fulfilment holds the reply; completed when the answer is ready. A report that arrives for a request already cancelled or
 * rejected changes nothing, and says so in the log.
 */
@Injectable()
@HandlesEvents(EventTypes.VerificationSucceeded, EventTypes.FulfilmentPackageReady, EventTypes.FulfilmentAttentionRequired)
export class RequestProgressHandler implements DsarEventHandler {
  constructor(
    private readonly lifecycle: RequestLifecycleService,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const step = STEPS[event.type];
    const request = await manager.findOne(RequestEntity, { where: { id: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (!step || !request) return;
    if (event.type === EventTypes.FulfilmentAttentionRequired) {
      const { data } = event as DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>;
      if (!HELD_FOR_REVIEW.has(data.reason)) return;
    }
    for (const command of step.commands) {
      try {
        await this.lifecycle.apply(manager, request, command, step.actor, {
          at: new Date(event.time),
          correlationId: event.correlationid,
          details: { eventId: event.id },
        });
      } catch (error) {
        if (!(error instanceof ProblemException && error.code === 'illegal-transition')) throw error;
        this.log.warn(
          { requestId: request.id, status: request.status, command: command.kind, eventType: event.type },
          'event does not apply to the request in its state',
        );
        return;
      }
    }
  }
}
