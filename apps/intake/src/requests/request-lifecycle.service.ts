import { HttpStatus, Injectable } from '@nestjs/common';
import { createEvent, EventTypes } from '@dsar/contracts';
import { applyLifecycleCommand, AuditActor, IllegalTransitionError, LifecycleCommand, LifecycleState } from '@dsar/domain';
import { Outbox } from '@dsar/messaging';
import { ProblemException } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { RequestEntity } from './request.entity';

export function lifecycleStateOf(request: RequestEntity): LifecycleState {
  return {
    status: request.status,
    pausedFrom: request.pausedFrom ?? undefined,
    pauseCause: request.pauseCause ?? undefined,
    rejection: request.rejectionReason
      ? { reason: request.rejectionReason, explanation: request.rejectionExplanation ?? undefined }
      : undefined,
  };
}

/** The event that tells every service a request moved (or a decision changed its due date). */
export function statusChangedEvent(
  request: RequestEntity,
  from: RequestEntity['status'] | 'none',
  action: string,
  actor: AuditActor,
  context: { reason?: string; explanation?: string; at: Date; correlationId?: string },
) {
  return createEvent({
    type: EventTypes.RequestStatusChanged,
    source: 'dsar/intake',
    subject: request.id,
    controllerId: request.controllerId,
    correlationId: context.correlationId,
    time: context.at,
    data: {
      requestId: request.id,
      reference: request.reference,
      requestType: request.type,
      fromStatus: from,
      toStatus: request.status,
      action,
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.explanation ? { explanation: context.explanation } : {}),
      ...(request.pauseCause ? { pauseCause: request.pauseCause } : {}),
      changedAt: context.at.toISOString(),
      dueAt: request.dueAt.toISOString(),
      dueRule: request.dueRule,
      actorKind: actor.kind,
    },
  });
}

/** For HTTP use cases: a move the request's state does not allow is the caller's conflict (409). */
export function conflictOf(error: unknown): unknown {
  if (!(error instanceof IllegalTransitionError)) return error;
  return new ProblemException(
    HttpStatus.CONFLICT,
    'illegal-transition',
    `A request that is ${error.from} cannot ${error.command.replace(/-/g, ' ')}.`,
  );
}

/**
 * Moves a request through its lifecycle: the domain decides whether the move is legal (else
 * IllegalTransitionError); the new state, its audit link (who, when, why) and its
 * status-changed event are written in the caller's transaction. The caller holds the request
 * row locked.
 */
@Injectable()
export class RequestLifecycleService {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  /** `apply` for an HTTP use case: an illegal move answers 409. */
  async decide(...args: Parameters<RequestLifecycleService['apply']>): Promise<RequestEntity> {
    try {
      return await this.apply(...args);
    } catch (error) {
      throw conflictOf(error);
    }
  }

  async apply(
    manager: EntityManager,
    request: RequestEntity,
    command: LifecycleCommand,
    actor: AuditActor,
    context: { reason?: string; explanation?: string; details?: Record<string, unknown>; at?: Date; correlationId?: string } = {},
  ): Promise<RequestEntity> {
    const next = applyLifecycleCommand(lifecycleStateOf(request), command);
    const at = context.at ?? new Date();
    const from = request.status;
    Object.assign(request, {
      status: next.status,
      pausedFrom: next.pausedFrom ?? null,
      pauseCause: next.pauseCause ?? null,
      rejectionReason: next.rejection?.reason ?? null,
      rejectionExplanation: next.rejection?.explanation ?? null,
    });
    await manager.update(
      RequestEntity,
      { id: request.id },
      {
        status: request.status,
        pausedFrom: request.pausedFrom,
        pauseCause: request.pauseCause,
        rejectionReason: request.rejectionReason,
        rejectionExplanation: request.rejectionExplanation,
      },
    );
    const reason = command.kind === 'reject' ? command.reason : command.kind === 'pause' ? command.cause : context.reason;
    const explanation = command.kind === 'reject' ? command.explanation : context.explanation;
    await this.record(manager, request, from, command.kind, actor, { ...context, reason, explanation, at });
    return request;
  }

  /**
   * Records a decision that may leave the status as it is (an extension, a due date moved
   * by a resumption): its audit link and a status-changed event carrying the due date in force.
   */
  async record(
    manager: EntityManager,
    request: RequestEntity,
    from: RequestEntity['status'],
    action: string,
    actor: AuditActor,
    context: { reason?: string; explanation?: string; details?: Record<string, unknown>; at?: Date; correlationId?: string },
  ): Promise<void> {
    const at = context.at ?? new Date();
    const reason = context.reason;
    await this.audit.append(manager, {
      requestId: request.id,
      at: at.toISOString(),
      actor,
      action,
      fromStatus: from,
      toStatus: request.status,
      reason,
      details: context.details,
    });
    await this.outbox.add(
      manager,
      statusChangedEvent(request, from, action, actor, {
        reason,
        explanation: context.explanation,
        at,
        correlationId: context.correlationId,
      }),
    );
  }
}
