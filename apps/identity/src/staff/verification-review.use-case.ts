import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { ControllerScope, StaffPrincipal } from '@dsar/auth';
import { BLOB_STORE, ProblemException, whereControllerIn } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity';
import { IdentityConfig } from '../identity.config';
import { FailureReason, VerificationEntity, VerificationLogEntity, VerificationStatus } from '../verifications/verification.entity';
import { VerificationPolicies } from '../verifications/verification-policies';
import { VerificationProgress } from '../verifications/verification-progress';

const DAY_MS = 86_400_000;

/** Who acts, for the log. */
export function actorOf(principal: StaffPrincipal | undefined): string {
  return `staff:${principal?.tokenId ?? 'unknown'}`;
}

function notFound() {
  return new ProblemException(HttpStatus.NOT_FOUND, 'verification-not-found', 'No verification with this id.');
}

/**
 * The DPO's review of what a machine cannot decide: the queue, each document (every view
 * logged), and the decisions: approve, reject with a reason the requester is told, or ask
 * for more (the request's deadline pauses where the regime allows it). The access guard has
 * checked that a verification addressed by id is of the caller's controllers; the queue is
 * limited to them in its query.
 */
@Injectable()
export class VerificationReviewUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly progress: VerificationProgress,
    private readonly outbox: Outbox,
    private readonly policies: VerificationPolicies,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async queue(scope: ControllerScope, status: VerificationStatus = 'awaiting-review') {
    const verifications = await this.dataSource.manager.find(VerificationEntity, {
      where: { status, ...whereControllerIn(scope) },
      order: { createdAt: 'ASC' },
      take: 200,
    });
    return Promise.all(verifications.map((v) => this.describe(this.dataSource.manager, v)));
  }

  async one(id: string) {
    const verification = await this.dataSource.manager.findOneBy(VerificationEntity, { id });
    if (!verification) throw notFound();
    const log = await this.dataSource.manager.find(VerificationLogEntity, { where: { verificationId: id }, order: { id: 'ASC' } });
    return {
      ...(await this.describe(this.dataSource.manager, verification)),
      log: log.map(({ at, actor, action, details }) => ({ at, actor, action, details })),
    };
  }

  /** Streams a document to a DPO; the view is logged before a byte leaves. */
  async viewDocument(id: string, documentId: string, actor: string, now = new Date()): Promise<{ contentType: string; content: Readable }> {
    const document = await this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(DocumentEntity, { id: documentId, verificationId: id });
      const verification = await manager.findOneBy(VerificationEntity, { id });
      if (!found || !verification) {
        throw new ProblemException(HttpStatus.NOT_FOUND, 'document-not-found', 'No such document.');
      }
      if (found.destroyedAt)
        throw new ProblemException(HttpStatus.GONE, 'document-destroyed', 'This copy was destroyed after the decision.');
      await this.progress.log(manager, verification, actor, 'document-viewed', { documentId }, now);
      return found;
    });
    return { contentType: document.contentType, content: await this.blobs.get(document.blobKey) };
  }

  approve(id: string, actor: string, note: string | undefined, now = new Date()) {
    return this.decide(id, async (manager, verification) => {
      verification.decidedBy = actor;
      await this.progress.log(manager, verification, actor, 'approved', note ? { note } : null, now);
      // What a person can judge is proven; the subject's own confirmation of an agent is still theirs to give.
      verification.completed = verification.steps.filter(
        (step) => step !== 'subject-confirmation' || verification.completed.includes(step),
      );
      await this.progress.advance(manager, verification, 'staff-review', now);
    });
  }

  reject(id: string, actor: string, reason: FailureReason, explanation: string, now = new Date()) {
    return this.decide(id, async (manager, verification) => {
      verification.decidedBy = actor;
      await this.progress.fail(manager, verification, reason, actor, now, explanation);
    });
  }

  requestInformation(id: string, actor: string, message: string, now = new Date()) {
    return this.decide(id, async (manager, verification) => {
      verification.status = 'information-requested';
      verification.expiresAt = new Date(now.getTime() + this.config.VERIFICATION_TTL_DAYS * DAY_MS);
      await manager.update(VerificationEntity, { id }, { status: verification.status, expiresAt: verification.expiresAt });
      await this.progress.log(manager, verification, actor, 'information-requested', null, now);
      await this.outbox.add(
        manager,
        createEvent({
          type: EventTypes.VerificationInformationRequested,
          source: 'dsar/identity',
          subject: verification.requestId,
          controllerId: verification.controllerId,
          time: now,
          data: {
            requestId: verification.requestId,
            verificationId: verification.id,
            message,
            requestedAt: now.toISOString(),
            language: verification.language,
            contactEmail: verification.contactEmail,
          },
        }),
      );
    });
  }

  private async decide(id: string, decision: (manager: EntityManager, verification: VerificationEntity) => Promise<void>) {
    await this.dataSource.transaction(async (manager) => {
      const verification = await manager.findOne(VerificationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!verification) throw notFound();
      if (verification.status !== 'awaiting-review' && verification.status !== 'information-requested') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'not-awaiting-review',
          `This verification is ${verification.status}: there is nothing to decide.`,
        );
      }
      await decision(manager, verification);
    });
    return this.one(id);
  }

  private async describe(manager: EntityManager, v: VerificationEntity) {
    const documents = await manager.find(DocumentEntity, { where: { verificationId: v.id }, order: { uploadedAt: 'ASC' } });
    return {
      id: v.id,
      requestId: v.requestId,
      controllerId: v.controllerId,
      requestType: v.requestType,
      requesterKind: v.requesterKind,
      status: v.status,
      reviewReason: v.reviewReason,
      steps: v.steps,
      completed: v.completed,
      authorityProofs: v.authorityProofs,
      directiveCheck: v.directiveCheck,
      // Agents: the profile may ask that the subject confirm the mandate directly (EDPB 01/2022 §§80-81).
      confirmWithSubject: this.policies.planFor(v.controllerId, v.requestType, v.requesterKind).confirmWithSubject ?? false,
      failureReason: v.failureReason,
      explanation: v.explanation,
      decidedAt: v.decidedAt,
      decidedBy: v.decidedBy,
      createdAt: v.createdAt,
      documents: documents.map((d) => ({
        id: d.id,
        purpose: d.purpose,
        proofKind: d.proofKind,
        contentType: d.contentType,
        size: d.size,
        uploadedAt: d.uploadedAt,
        destroyAfter: d.destroyAfter,
        destroyedAt: d.destroyedAt,
      })),
    };
  }
}
