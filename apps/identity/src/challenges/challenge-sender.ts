import { Inject, Injectable } from '@nestjs/common';
import { sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { createEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { VerificationEntity } from '../verifications/verification.entity';
import { ChallengeEntity, ChallengeMethod, ChallengePurpose } from './challenge.entity';
import { hashCode, newLinkToken, newOneTimeCode } from './one-time-code';

/**
 * Sends the e-mail proof: a six-digit code or a magic link, stored only as an HMAC and sealed in
 * its event for notification. A new one replaces the previous (which stops working) and gets the
 * full number of attempts of a code (the verification's own count of wrong codes goes on). The
 * requester proves their address; an agent's subject gets a link to confirm the mandate.
 */
@Injectable()
export class ChallengeSender {
  constructor(
    private readonly outbox: Outbox,
    private readonly sealer: SubjectSecretSealer,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async issue(
    manager: EntityManager,
    verification: VerificationEntity,
    method: ChallengeMethod,
    now: Date,
    correlationId?: string,
    previous?: ChallengeEntity,
    purpose: ChallengePurpose = 'requester',
  ): Promise<ChallengeEntity> {
    const challenge =
      previous ??
      Object.assign(new ChallengeEntity(), {
        id: randomUUID(),
        requestId: verification.requestId,
        purpose,
        controllerId: verification.controllerId,
        email: purpose === 'subject' ? verification.subjectEmail : verification.contactEmail,
        subjectEmail: verification.subjectEmail,
        requestType: verification.requestType,
        language: verification.language,
        resends: -1,
      });
    const secret = method === 'email-code' ? newOneTimeCode() : newLinkToken();
    Object.assign(challenge, {
      method,
      codeHash: hashCode(this.config.IDENTITY_CODE_SECRET, challenge.id, secret),
      // The subject did not ask for anything: their confirmation link lasts as long as the verification may.
      expiresAt: new Date(
        now.getTime() + (purpose === 'subject' ? this.config.VERIFICATION_TTL_DAYS * 86_400_000 : this.config.CODE_TTL_MINUTES * 60_000),
      ),
      attempts: 0,
      maxAttempts: this.config.CODE_MAX_ATTEMPTS,
      status: 'pending' as const,
      resends: challenge.resends + 1,
      lastSentAt: now,
      usedAt: null,
    });
    if (previous) {
      const { id, ...changes } = challenge;
      await manager.update(ChallengeEntity, { id }, changes);
    } else {
      await manager.insert(ChallengeEntity, challenge);
    }
    const page = challenge.purpose === 'subject' ? 'subject-confirmation' : 'link';
    const link = `${this.config.PUBLIC_BASE_URL}/v1/requests/${verification.requestId}/verification/${page}?token=${secret}`;
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.VerificationChallengeIssued,
        source: 'dsar/identity',
        subject: verification.requestId,
        controllerId: verification.controllerId,
        correlationId,
        time: now,
        data: {
          requestId: verification.requestId,
          challengeId: challenge.id,
          method,
          recipient: challenge.email,
          // The event log keeps events: the secret travels sealed for notification, never in clear.
          sealedSecret: this.sealer.seal(
            method === 'email-code' ? secret : link,
            sealingContext(EventTypes.VerificationChallengeIssued, verification.requestId),
          ),
          ...(challenge.purpose === 'subject' ? { purpose: 'subject-confirmation' as const } : {}),
          expiresAt: challenge.expiresAt.toISOString(),
          language: challenge.language,
        },
      }),
    );
    return challenge;
  }
}
