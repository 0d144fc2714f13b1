import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PauseCause, refusalBar, RejectionReason, verifyAuditChain } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { RequestLifecycleService } from '../requests/request-lifecycle.service';
import { RequestEntity } from '../requests/request.entity';
import { applySchedule, closePauses, scheduleWith } from '../requests/request-schedule';
import { statusOf } from '../requests/track-request.use-case';
import { RequestStatusDto } from '../requests/dto/request-status.dto';

const REFUSABLE_ALWAYS: RejectionReason[] = ['identity-not-verified', 'requester-not-authorised'];

/**
 * What the DPO decides on a request: pause the clock while waiting for the requester,
 * resume it, extend the deadline once with reasons, or refuse with a reason code. Each
 * decision is audited with who and why, and the due date is recomputed by the domain
 * calculator from the pauses and the extension.
 */
@Injectable()
export class StaffDecisionsUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: RequestLifecycleService,
    private readonly profiles: ControllerProfiles,
    private readonly audit: AuditTrail,
  ) {}

  pause(reference: string, cause: PauseCause, staff: string, note?: string, now = new Date()): Promise<RequestStatusDto> {
    return this.decide(reference, async (manager, request) => {
      await this.lifecycle.decide(manager, request, { kind: 'pause', cause }, this.actor(staff), {
        at: now,
        details: note ? { note } : undefined,
      });
      request.pauses = [...request.pauses, { from: now.toISOString(), cause }];
      await manager.update(RequestEntity, { id: request.id }, { pauses: request.pauses });
    });
  }

  resume(reference: string, staff: string, now = new Date()): Promise<RequestStatusDto> {
    return this.decide(reference, async (manager, request) => {
      await this.lifecycle.decide(manager, request, { kind: 'resume' }, this.actor(staff), { at: now });
      request.pauses = closePauses(request.pauses, now);
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
            at: now,
            reason: schedule.ignoredPauses.length > 0 ? 'pause-not-counted' : 'pause-counted',
            details: { from: before, to: request.dueAt.toISOString(), rule: request.dueRule, pausedDays: schedule.pausedDays },
          },
        );
      }
    });
  }

  extend(reference: string, reasons: string, staff: string, now = new Date()): Promise<RequestStatusDto> {
    return this.decide(reference, async (manager, request) => {
      if (request.extension) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'already-extended',
          'This request was already extended; the law allows one extension.',
        );
      }
      const extension = { decidedAt: now.toISOString(), notifiedAt: now.toISOString(), reasons, decidedBy: staff };
      const schedule = await scheduleWith(manager, this.profiles, { ...request, extension } as RequestEntity, request.pauses);
      if (!schedule.extension?.accepted) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          schedule.extension?.refusalCode ?? 'extension-refused',
          schedule.extension?.refusal ?? 'No extension is possible.',
        );
      }
      const before = request.dueAt.toISOString();
      request.extension = extension;
      await applySchedule(manager, request, schedule, { extension: request.extension });
      await this.lifecycle.record(manager, request, request.status, 'extend', this.actor(staff), {
        at: now,
        reason: 'extension',
        explanation: reasons,
        details: { reasons, from: before, to: request.dueAt.toISOString(), rule: request.dueRule },
      });
    });
  }

  reject(reference: string, reason: RejectionReason, explanation: string, staff: string, now = new Date()): Promise<RequestStatusDto> {
    return this.decide(reference, async (manager, request) => {
      const bar = REFUSABLE_ALWAYS.includes(reason) ? undefined : refusalBar(request.type, request.details);
      if (bar) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          bar.code,
          `This request cannot be refused on its merits (${bar.basis}).`,
        );
      }
      await this.lifecycle.decide(manager, request, { kind: 'reject', reason, explanation }, this.actor(staff), {
        at: now,
        details: { explanation },
      });
    });
  }

  async trail(reference: string) {
    const request = await this.dataSource.manager.findOneBy(RequestEntity, { reference });
    if (!request) throw new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request with this reference.');
    const entries = await this.audit.entriesOf(this.dataSource.manager, request.id);
    return { reference, verdict: verifyAuditChain(request.id, entries), entries };
  }

  private actor(staff: string) {
    return { kind: 'staff' as const, id: staff };
  }

  private async decide(
    reference: string,
    decision: (manager: EntityManager, request: RequestEntity) => Promise<void>,
  ): Promise<RequestStatusDto> {
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.findOne(RequestEntity, { where: { reference }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request with this reference.');
      await decision(manager, request);
      return statusOf(request);
    });
  }
}
