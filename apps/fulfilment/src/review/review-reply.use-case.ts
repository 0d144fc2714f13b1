import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypes } from '@dsar/contracts';
import {
  applyFulfilmentCommand,
  AuditActor,
  FulfilmentStatus,
  IllegalFulfilmentTransitionError,
  isRequestType,
  refusalBar,
  rejectionReasonOfReply,
  ReplyRejectionCode,
} from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import { FulfilmentAudit } from '../audit/fulfilment-audit';
import { PackageAssembler } from '../delivery/package-assembler';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, DownloadLogEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { collectionDeadline } from '../orchestration/fulfilment-plan';
import { FulfilmentProgress } from '../orchestration/fulfilment-progress';
import { fulfilmentStateOf, moveFulfilment } from '../orchestration/fulfilment-state';
import { Redaction } from '../packages/package-writer';
import { ControllerProfiles } from '../profiles/controller-profiles';

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'fulfilment-not-found', 'No fulfilment for this request.');
const CLOSED: Partial<Record<FulfilmentStatus, string>> = {
  cancelled: 'The request was cancelled: its reply can no longer be decided.',
  rejected: 'The request was rejected: its reply can no longer be decided.',
  held: 'The request is paused: its reply can be decided once it resumes.',
};

/** A decision the reply's state does not allow: a conflict, named after what the request became. */
function refused(error: unknown): unknown {
  if (!(error instanceof IllegalFulfilmentTransitionError)) return error;
  const closed = CLOSED[error.from];
  if (closed) return new ProblemException(HttpStatus.CONFLICT, `request-${error.from === 'held' ? 'paused' : error.from}`, closed);
  return new ProblemException(HttpStatus.CONFLICT, 'not-awaiting-review', `The reply is not awaiting review (it is ${error.from}).`);
}

async function deciding<T>(decision: () => Promise<T>): Promise<T> {
  try {
    return await decision();
  } catch (error) {
    throw refused(error);
  }
}

/** What bars refusing this reply (GDPR Art. 21(3), Art. 7(3)), if anything; asking the silent systems again is no refusal. */
const refusalBarOf = (fulfilment: FulfilmentEntity) =>
  isRequestType(fulfilment.requestType) ? refusalBar(fulfilment.requestType, fulfilment.details) : undefined;

/** The DPO's hand on a reply: see it, redact, approve, reject with a reason code; every decision audited. */
@Injectable()
export class ReviewReplyUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assembler: PackageAssembler,
    private readonly progress: FulfilmentProgress,
    private readonly audit: FulfilmentAudit,
    private readonly profiles: ControllerProfiles,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
  ) {}

  async summary(requestId: string) {
    const manager = this.dataSource.manager;
    const fulfilment = await manager.findOneBy(FulfilmentEntity, { requestId });
    if (!fulfilment) throw notFound();
    const tasks = await manager.find(CollectionTaskEntity, { where: { requestId }, order: { systemId: 'ASC' } });
    const downloads = await manager.find(DownloadLogEntity, { where: { requestId }, order: { at: 'ASC' } });
    const trail = await this.audit.trail(manager, requestId);
    return {
      requestId,
      reference: fulfilment.reference,
      requestType: fulfilment.requestType,
      kind: fulfilment.kind,
      status: fulfilment.status,
      dueAt: fulfilment.dueAt,
      respondBy: fulfilment.respondBy,
      reviewRequired: fulfilment.reviewRequired,
      postMortem: fulfilment.postMortem,
      review: fulfilment.review,
      packageVersion: fulfilment.packageVersion,
      deliveredAt: fulfilment.deliveredAt,
      destroyAfter: fulfilment.destroyAfter,
      shreddedAt: fulfilment.shreddedAt,
      recipientsInformed: fulfilment.recipientsInformed,
      transmission: fulfilment.transmission,
      tasks: tasks.map((t) => ({
        systemId: t.systemId,
        action: t.action,
        status: t.status,
        respondBy: t.respondBy,
        recordCount: t.recordCount,
        categories: t.categories,
        late: t.late,
        error: t.error,
      })),
      downloads: downloads.map((d) => ({ at: d.at, outcome: d.outcome })),
      audit: {
        valid: trail.valid,
        entries: trail.entries.map(({ sequence, at, actor, action, reason, details }) => ({
          sequence,
          at,
          actor,
          action,
          reason,
          details,
        })),
      },
    };
  }

  /** The assembled answer as the subject would get it, streamed, never stored. */
  async draft(requestId: string, staff: AuditActor): Promise<Readable> {
    const description = await this.dataSource.transaction(async (manager) => {
      const fulfilment = await manager.findOneBy(FulfilmentEntity, { requestId });
      if (!fulfilment) throw notFound();
      if (fulfilment.shreddedAt) throw new ProblemException(HttpStatus.GONE, 'package-destroyed', 'This reply has been destroyed.');
      const tasks = await manager.find(CollectionTaskEntity, { where: { requestId } });
      await this.audit.record(manager, requestId, staff, 'draft-viewed', new Date());
      return this.assembler.describe(fulfilment, tasks, new Date(), fulfilment.review?.redactions ?? []);
    });
    return this.assembler.draft(description);
  }

  /** The reply goes to intake as ready; the requester gets it once intake has completed the request. */
  async approve(requestId: string, staff: AuditActor, redactions: Redaction[]): Promise<{ status: string; packageVersion: number }> {
    return deciding(() =>
      this.dataSource.transaction(async (manager) => {
        const fulfilment = await this.locked(manager, requestId);
        if (fulfilment.status !== 'awaiting-review') throw new IllegalFulfilmentTransitionError(fulfilment.status, 'reply-built');
        const now = new Date();
        fulfilment.review = { decision: 'approved', by: staff.id, at: now.toISOString(), redactions };
        await manager.update(FulfilmentEntity, { requestId }, { review: fulfilment.review });
        await this.audit.record(manager, requestId, staff, 'reply-approved', now, {
          details: {
            redactions: redactions.map((r) => ({ systemId: r.systemId, recordIndex: r.recordIndex, fields: r.fields?.length ?? 0 })),
          },
        });
        await this.progress.deliver(manager, fulfilment, now, redactions);
        return { status: fulfilment.status, packageVersion: fulfilment.packageVersion };
      }),
    );
  }

  /** Refusing the reply refuses the request: intake rejects it with the matching reason, and the requester is told why. */
  async reject(requestId: string, staff: AuditActor, reasonCode: ReplyRejectionCode, explanation?: string): Promise<{ status: string }> {
    return deciding(() =>
      this.dataSource.transaction(async (manager) => {
        const fulfilment = await this.locked(manager, requestId);
        const command = reasonCode === 'incomplete-collection' ? { kind: 'collect-again' as const } : { kind: 'refuse-reply' as const };
        applyFulfilmentCommand(fulfilmentStateOf(fulfilment), command);
        const bar = reasonCode === 'incomplete-collection' ? undefined : refusalBarOf(fulfilment);
        if (bar) {
          throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, bar.code, `This reply cannot be refused (${bar.basis}).`);
        }
        const now = new Date();
        await this.audit.record(manager, requestId, staff, 'reply-rejected', now, {
          reason: reasonCode,
          ...(explanation ? { details: { explanation } } : {}),
        });
        if (reasonCode === 'incomplete-collection') {
          await this.collectAgain(manager, fulfilment, now);
          return { status: 'collecting' };
        }
        const review = {
          decision: 'rejected' as const,
          by: staff.id,
          at: now.toISOString(),
          reasonCode,
          ...(explanation ? { explanation } : {}),
          redactions: [],
        };
        await manager.update(FulfilmentEntity, { requestId }, { review });
        await moveFulfilment(manager, fulfilment, command);
        await this.progress.emit(manager, fulfilment, EventTypes.FulfilmentReplyRejected, undefined, {
          requestId,
          reason: rejectionReasonOfReply(reasonCode),
          ...(explanation ? { explanation } : {}),
          rejectedAt: now.toISOString(),
        });
        return { status: fulfilment.status };
      }),
    );
  }

  /** Art. 15(3): a further copy, on a new link, at the fee the profile sets (recorded in the audit trail). */
  async extraCopy(requestId: string, staff: AuditActor): Promise<{ expiresAt: string; fee: unknown }> {
    return this.dataSource.transaction(async (manager) => {
      const fulfilment = await this.locked(manager, requestId);
      if (fulfilment.status !== 'completed' || fulfilment.shreddedAt) {
        throw new ProblemException(HttpStatus.CONFLICT, 'no-package', 'There is no delivered package to copy.');
      }
      const profile = this.profiles.get(fulfilment.controllerId);
      const now = new Date();
      const delivery = profile.fulfilment?.delivery;
      const ttlMs = delivery ? delivery.downloadTtlDays * 86_400_000 : this.config.DOWNLOAD_TTL_HOURS * 3_600_000;
      const link = await this.progress.openLink(manager, requestId, fulfilment.packageVersion, now, ttlMs, 1);
      const fee = profile.fees.extraCopies;
      await this.audit.record(manager, requestId, staff, 'extra-copy-issued', now, {
        details: { fee: fee.charged ? (fee.amount ?? 'reasonable fee') : 'free' },
      });
      await this.progress.emit(manager, fulfilment, EventTypes.FulfilmentPackageReady, undefined, {
        requestId,
        package: { key: fulfilment.packageKey!, sha256: fulfilment.packageSha256!, size: Number(fulfilment.packageSize) },
        sealedDownloadUrl: this.progress.sealedDownloadUrl(requestId, link.token),
        expiresAt: link.expiresAt.toISOString(),
        recipient: fulfilment.email ?? fulfilment.subjectEmail ?? '',
        language: fulfilment.language,
        requestType: fulfilment.requestType as never,
        kind: fulfilment.kind,
      });
      return { expiresAt: link.expiresAt.toISOString(), fee };
    });
  }

  private async collectAgain(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date): Promise<void> {
    const tasks = await manager.find(CollectionTaskEntity, {
      where: { requestId: fulfilment.requestId, status: In(['pending', 'failed']) },
    });
    const respondBy = collectionDeadline(now, fulfilment.dueAt, this.config.COLLECTION_TIMEOUT_SECONDS, this.config.DEADLINE_MARGIN_DAYS);
    await moveFulfilment(manager, fulfilment, { kind: 'collect-again' });
    await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { respondBy });
    fulfilment.respondBy = respondBy;
    for (const task of tasks) {
      await manager.update(CollectionTaskEntity, { id: task.id }, { status: 'requested', respondBy, error: null });
      await this.progress.emit(manager, fulfilment, EventTypes.CollectionTaskRequested, undefined, {
        requestId: fulfilment.requestId,
        taskId: task.id,
        systemId: task.systemId,
        action: task.action,
        identities: { email: fulfilment.subjectEmail ?? fulfilment.email ?? '' },
        ...(task.dataCategories ? { dataCategories: task.dataCategories } : {}),
        respondBy: respondBy.toISOString(),
        requestType: fulfilment.requestType as never,
      });
    }
    await this.progress.advance(manager, fulfilment, now);
  }

  private async locked(manager: EntityManager, requestId: string): Promise<FulfilmentEntity> {
    const fulfilment = await manager.findOne(FulfilmentEntity, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
    if (!fulfilment) throw notFound();
    return fulfilment;
  }
}
