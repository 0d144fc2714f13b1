import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { AuditActor, RejectionReason } from '@dsar/domain';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { RequestLifecycleService } from '../requests/request-lifecycle.service';
import { RequestEntity } from '../requests/request.entity';
import { applySchedule, closePauses, scheduleWith } from '../requests/request-schedule';

const IDENTITY: AuditActor = { kind: 'service', id: 'identity' };

type FailureReason = DsarEvent<typeof EventTypes.VerificationFailed>['data']['reason'];

/** The rejection reason a verification failure closes the request with. */
export function rejectionFor(reason: FailureReason): RejectionReason {
  return reason === 'proof-of-authority-rejected' ? 'requester-not-authorised' : 'identity-not-verified';
}

/**
 * What identity decides moves the request through its state machine, audited:
 * - a failed verification closes it as rejected, with the reason the notification explains;
 * - the DPO asking for more pauses it (cause `awaiting-identity`) where the regime stops the
 *   clock for that, and otherwise only records the request for information;
 * - a verification that succeeds after such a pause resumes it first, moving the due date by
 *   the days paused, so the usual progress (verify, start fulfilment) applies.
 * Events that no longer apply (a closed request) change nothing.
 */
@Injectable()
export class VerificationOutcomesHandler {
  constructor(
    private readonly lifecycle: RequestLifecycleService,
    private readonly profiles: ControllerProfiles,
  ) {}

  @OnEvent(EventTypes.VerificationFailed)
  async onFailed(event: DsarEvent<typeof EventTypes.VerificationFailed>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const request = await this.openRequest(manager, event);
    if (!request) return;
    const context = this.contextOf(event);
    if (request.status === 'paused') request.pauses = closePauses(request.pauses, context.at);
    await this.lifecycle.apply(
      manager,
      request,
      { kind: 'reject', reason: rejectionFor(data.reason), explanation: data.explanation },
      IDENTITY,
      { ...context, details: { ...context.details, verificationFailure: data.reason } },
    );
    await manager.update(RequestEntity, { id: request.id }, { pauses: request.pauses });
  }

  @OnEvent(EventTypes.VerificationInformationRequested)
  async onInformationRequested(
    event: DsarEvent<typeof EventTypes.VerificationInformationRequested>,
    manager: EntityManager,
  ): Promise<void> {
    const request = await this.openRequest(manager, event);
    if (request) await this.pause(manager, request, this.contextOf(event));
  }

  @OnEvent(EventTypes.VerificationSucceeded)
  async onVerified(event: DsarEvent<typeof EventTypes.VerificationSucceeded>, manager: EntityManager): Promise<void> {
    const request = await this.openRequest(manager, event);
    if (request?.status === 'paused' && request.pauseCause === 'awaiting-identity')
      await this.resume(manager, request, this.contextOf(event));
  }

  /** The request, locked, unless it is closed: events that no longer apply change nothing. */
  private async openRequest(manager: EntityManager, event: DsarEvent): Promise<RequestEntity | undefined> {
    const request = await manager.findOne(RequestEntity, { where: { id: event.subject }, lock: { mode: 'pessimistic_write' } });
    if (!request || ['completed', 'rejected', 'cancelled'].includes(request.status)) return undefined;
    return request;
  }

  private contextOf(event: DsarEvent) {
    return { at: new Date(event.time), correlationId: event.correlationid, details: { eventId: event.id } };
  }

  private async pause(
    manager: EntityManager,
    request: RequestEntity,
    context: { at: Date; correlationId: string; details: Record<string, unknown> },
  ) {
    if (request.status === 'paused') return;
    const pauses = [...request.pauses, { from: context.at.toISOString(), cause: 'awaiting-identity' as const }];
    const schedule = await scheduleWith(manager, this.profiles, request, pauses);
    if (schedule.ignoredPauses.some((p) => p.pause.cause === 'awaiting-identity' && p.pause.from.getTime() === context.at.getTime())) {
      // The regime keeps the clock running (CCPA: from receipt, whatever verification takes).
      await this.lifecycle.record(manager, request, request.status, 'identity-information-requested', IDENTITY, {
        ...context,
        reason: 'pause-not-allowed',
      });
      return;
    }
    await this.lifecycle.apply(manager, request, { kind: 'pause', cause: 'awaiting-identity' }, IDENTITY, context);
    request.pauses = pauses;
    await manager.update(RequestEntity, { id: request.id }, { pauses });
  }

  private async resume(
    manager: EntityManager,
    request: RequestEntity,
    context: { at: Date; correlationId: string; details: Record<string, unknown> },
  ) {
    await this.lifecycle.apply(manager, request, { kind: 'resume' }, IDENTITY, context);
    request.pauses = closePauses(request.pauses, context.at);
    const before = request.dueAt.toISOString();
    const schedule = await scheduleWith(manager, this.profiles, request, request.pauses);
    await applySchedule(manager, request, schedule, { pauses: request.pauses });
    if (before !== request.dueAt.toISOString()) {
      await this.lifecycle.record(
        manager,
        request,
        request.status,
        'due-date-moved',
        { kind: 'system', id: 'deadline-calculator' },
        {
          ...context,
          reason: 'pause-counted',
          details: { from: before, to: request.dueAt.toISOString(), rule: request.dueRule, pausedDays: schedule.pausedDays },
        },
      );
    }
    for (const kind of ['verify', 'start-fulfilment'] as const) {
      await this.lifecycle.apply(manager, request, { kind }, IDENTITY, context);
    }
  }
}
