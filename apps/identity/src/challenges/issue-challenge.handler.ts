import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { actsForDeceased } from '../documents/authority-proofs';
import { PostMortemDesignations } from '../verifications/post-mortem-designations';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationPolicies } from '../verifications/verification-policies';
import { VerificationProgress } from '../verifications/verification-progress';
import { ChallengeSender } from './challenge-sender';

const DAY_MS = 86_400_000;

/**
 * On a new request, draws its verification plan from the controller's policy and sends the
 * first proof: a code to the requester's address.
 */
@Injectable()
export class IssueChallengeHandler {
  constructor(
    private readonly policies: VerificationPolicies,
    private readonly sender: ChallengeSender,
    private readonly progress: VerificationProgress,
    private readonly designations: PostMortemDesignations,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  @OnEvent(EventTypes.RequestReceived)
  async handle(event: DsarEvent<typeof EventTypes.RequestReceived>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const now = new Date();
    const plan = this.policies.planFor(event.controllerid, data.requestType, data.requesterKind);
    if (data.requestType === 'post-mortem-directive') {
      await this.designations.remember(manager, data.requestId, event.controllerid, data.subjectEmail, data.details, now);
    }
    const directiveCheck = actsForDeceased(data.requesterKind)
      ? await this.designations.check(manager, event.controllerid, data.subjectEmail, data.contactEmail)
      : null;
    const verification = Object.assign(new VerificationEntity(), {
      id: randomUUID(),
      requestId: data.requestId,
      controllerId: event.controllerid,
      requestType: data.requestType,
      requesterKind: data.requesterKind,
      contactEmail: data.contactEmail,
      subjectEmail: data.subjectEmail,
      language: data.language,
      steps: plan.steps,
      completed: [],
      authorityProofs: plan.authorityProofs ?? null,
      status: 'pending' as const,
      reviewReason: null,
      failureReason: null,
      explanation: null,
      sessionHash: null,
      identifiers: null,
      directiveCheck,
      expiresAt: new Date(now.getTime() + this.config.VERIFICATION_TTL_DAYS * DAY_MS),
      decidedAt: null,
      decidedBy: null,
    });
    await manager.insert(VerificationEntity, verification);
    await this.progress.log(manager, verification, 'identity', 'plan', { steps: plan.steps, source: plan.source, directiveCheck }, now);
    await this.sender.issue(manager, verification, 'email-code', now, event.correlationid);
  }
}
