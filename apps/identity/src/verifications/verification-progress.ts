import { Inject, Injectable } from '@nestjs/common';
import { createEvent, EventDataByType, EventType, EventTypes } from '@dsar/contracts';
import { afterWrongGuess, countersOf, LockoutPolicy } from '@dsar/domain';
import { Outbox } from '@dsar/messaging';
import { EntityManager, IsNull } from 'typeorm';
import { ChallengeEntity } from '../challenges/challenge.entity';
import { ChallengeSender } from '../challenges/challenge-sender';
import { authorityProven } from '../documents/authority-proofs';
import { DocumentEntity } from '../documents/document.entity';
import { IdentityConfig } from '../identity.config';
import { PostMortemDesignations } from './post-mortem-designations';
import { FailureReason, ReviewReason, VerificationEntity, VerificationLogEntity } from './verification.entity';

export type SucceededMethod = 'email-code' | 'magic-link' | 'known-identifiers' | 'id-document' | 'staff-review';

const SOURCE = 'dsar/identity';
const DAY_MS = 86_400_000;

/**
 * Moves a verification on once a step is proven: to the next step, to a human's review, to
 * verified (the request proceeds) or to failed (the request is closed with the reason). Every
 * outcome is written with its event in the caller's transaction, and logged.
 */
@Injectable()
export class VerificationProgress {
  constructor(
    private readonly outbox: Outbox,
    private readonly designations: PostMortemDesignations,
    private readonly sender: ChallengeSender,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async completeStep(
    manager: EntityManager,
    verification: VerificationEntity,
    step: VerificationEntity['steps'][number],
    method: SucceededMethod,
    actor: string,
    now: Date,
  ): Promise<void> {
    if (!verification.completed.includes(step)) verification.completed = [...verification.completed, step];
    await this.log(manager, verification, actor, `step-proven:${step}`, { method }, now);
    await this.advance(manager, verification, method, now);
  }

  /** After a step: verified when nothing is left, a review when every document asked for is in. */
  async advance(manager: EntityManager, verification: VerificationEntity, method: SucceededMethod, now: Date): Promise<void> {
    const next = verification.nextStep();
    if (!next) return this.succeed(manager, verification, method, now);
    if (next === 'subject-confirmation') return this.askSubject(manager, verification, method, now);
    if (next === 'id-document' || next === 'authority-proof') {
      // The subject's confirmation of an agent comes after a person judged the documents.
      const remaining = verification.steps.filter((s) => !verification.completed.includes(s) && s !== 'subject-confirmation');
      const documentSteps = remaining.filter((s) => s === 'id-document' || s === 'authority-proof');
      const onlyDocumentsLeft = documentSteps.length === remaining.length;
      const uploaded = await manager.find(DocumentEntity, { where: { verificationId: verification.id, destroyedAt: IsNull() } });
      const proofs = uploaded.filter((d) => d.purpose === 'authority-proof').map((d) => d.proofKind ?? '');
      const provided = (step: string) =>
        step === 'id-document'
          ? uploaded.some((d) => d.purpose === 'id-document')
          : authorityProven(verification.requesterKind, verification.authorityProofs ?? [], proofs);
      if (onlyDocumentsLeft && documentSteps.every(provided)) {
        return this.requestReview(
          manager,
          verification,
          documentSteps.includes('authority-proof') ? 'representative-proof' : 'id-document',
          now,
        );
      }
    }
    verification.status = 'pending';
    await this.save(manager, verification);
  }

  /**
   * An agent's subject confirms from their own address, by a magic link; not under a power of
   * attorney, which already binds the subject (CCPA §7063(b)).
   */
  private async askSubject(manager: EntityManager, verification: VerificationEntity, method: SucceededMethod, now: Date): Promise<void> {
    const proofs = await manager.find(DocumentEntity, { where: { verificationId: verification.id, purpose: 'authority-proof' } });
    if (proofs.some((d) => d.proofKind === 'power-of-attorney')) {
      return this.completeStep(manager, verification, 'subject-confirmation', method, 'identity', now);
    }
    verification.status = 'pending';
    verification.expiresAt = new Date(now.getTime() + this.config.VERIFICATION_TTL_DAYS * DAY_MS);
    await this.save(manager, verification);
    const previous = await manager.findOneBy(ChallengeEntity, { requestId: verification.requestId, purpose: 'subject' });
    await this.sender.issue(manager, verification, 'magic-link', now, undefined, previous ?? undefined, 'subject');
    await this.log(manager, verification, 'identity', 'subject-confirmation-asked', null, now);
  }

  async requestReview(manager: EntityManager, verification: VerificationEntity, reason: ReviewReason, now: Date): Promise<void> {
    verification.status = 'awaiting-review';
    verification.reviewReason = reason;
    await this.save(manager, verification);
    await this.log(manager, verification, 'identity', 'review-requested', { reason }, now);
    await this.publish(manager, verification, EventTypes.VerificationReviewRequested, now, {
      requestId: verification.requestId,
      verificationId: verification.id,
      reason,
      requestedAt: now.toISOString(),
    });
  }

  async succeed(manager: EntityManager, verification: VerificationEntity, method: SucceededMethod, now: Date): Promise<void> {
    verification.status = 'verified';
    verification.decidedAt = now;
    await this.closeOut(manager, verification, now);
    await this.log(manager, verification, 'identity', 'verified', { method }, now);
    if (verification.requestType === 'post-mortem-directive') await this.designations.confirm(manager, verification.requestId, now);
    await this.publish(manager, verification, EventTypes.VerificationSucceeded, now, {
      requestId: verification.requestId,
      challengeId: verification.id,
      method,
      verifiedAt: now.toISOString(),
      identities: { email: verification.subjectEmail },
      contactEmail: verification.contactEmail,
      requestType: verification.requestType,
      language: verification.language,
    });
  }

  async fail(
    manager: EntityManager,
    verification: VerificationEntity,
    reason: FailureReason,
    actor: string,
    now: Date,
    explanation?: string,
  ): Promise<void> {
    verification.status = 'failed';
    verification.failureReason = reason;
    verification.explanation = explanation ?? null;
    verification.decidedAt = now;
    await this.closeOut(manager, verification, now);
    await this.log(manager, verification, actor, 'failed', { reason }, now);
    await this.publish(manager, verification, EventTypes.VerificationFailed, now, {
      requestId: verification.requestId,
      reason,
      ...(explanation ? { explanation } : {}),
      failedAt: now.toISOString(),
      language: verification.language,
      contactEmail: verification.contactEmail,
    });
  }

  /**
   * Counts one wrong code or link against the verification, across every code sent. Too many lock
   * it for a while (each lock longer) and tell the DPO and, through notification, the requester:
   * once per lock. It never fails the verification: burning someone's attempts must not close
   * their request. Returns when the lock ends, if this wrong code locked it.
   */
  async countWrongCode(manager: EntityManager, verification: VerificationEntity, now: Date): Promise<Date | undefined> {
    const { count, locked } = afterWrongGuess(verification.attemptCount(), this.lockout(), now);
    await manager.update(VerificationEntity, { id: verification.id }, countersOf(count));
    Object.assign(verification, countersOf(count));
    if (!locked || !count.lockedUntil) return undefined;
    await this.log(manager, verification, 'system', 'locked:too-many-wrong-codes', { until: count.lockedUntil.toISOString() }, now);
    await this.publish(manager, verification, EventTypes.FulfilmentAttentionRequired, now, {
      requestId: verification.requestId,
      reason: 'verification-locked',
      raisedAt: now.toISOString(),
      lockedUntil: count.lockedUntil.toISOString(),
    });
    return count.lockedUntil;
  }

  /** Wrong codes still allowed before the verification locks. */
  failuresLeft(verification: VerificationEntity): number {
    return this.config.VERIFICATION_MAX_FAILURES - verification.attemptCount().failures;
  }

  private lockout(): LockoutPolicy {
    return {
      maxFailures: this.config.VERIFICATION_MAX_FAILURES,
      lockMinutes: this.config.VERIFICATION_LOCK_MINUTES,
      maxLockMinutes: this.config.VERIFICATION_MAX_LOCK_MINUTES,
    };
  }

  async log(
    manager: EntityManager,
    verification: VerificationEntity,
    actor: string,
    action: string,
    details: Record<string, unknown> | null,
    now: Date,
  ): Promise<void> {
    await manager.save(
      VerificationLogEntity,
      Object.assign(new VerificationLogEntity(), { verificationId: verification.id, at: now, actor, action, details }),
    );
  }

  /** Writes an event about the verification's request in the caller's transaction. */
  private async publish<T extends EventType>(
    manager: EntityManager,
    verification: VerificationEntity,
    type: T,
    now: Date,
    data: EventDataByType[T],
  ): Promise<void> {
    await this.outbox.add(
      manager,
      createEvent({
        type,
        source: SOURCE,
        subject: verification.requestId,
        controllerId: verification.controllerId,
        time: now,
        data,
      }),
    );
  }

  /** The decision is kept; the copies, the identifiers and the subject's session are not. */
  private async closeOut(manager: EntityManager, verification: VerificationEntity, now: Date): Promise<void> {
    verification.sessionHash = null;
    verification.identifiers = null;
    await this.save(manager, verification);
    const destroyAfter = new Date(now.getTime() + this.config.DOCUMENT_RETENTION_DAYS * DAY_MS);
    await manager.update(DocumentEntity, { verificationId: verification.id, destroyedAt: IsNull() }, { destroyAfter });
  }

  private async save(manager: EntityManager, verification: VerificationEntity): Promise<void> {
    await manager.update(
      VerificationEntity,
      { id: verification.id },
      {
        status: verification.status,
        completed: verification.completed,
        reviewReason: verification.reviewReason,
        failureReason: verification.failureReason,
        explanation: verification.explanation,
        sessionHash: verification.sessionHash,
        identifiers: verification.identifiers,
        expiresAt: verification.expiresAt,
        decidedAt: verification.decidedAt,
        decidedBy: verification.decidedBy,
      },
    );
  }
}
