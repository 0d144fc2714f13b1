import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { codeResendDelaySeconds, isLocked } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { DataSource } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { VerificationEntity } from '../verifications/verification.entity';
import { ChallengeEntity, ChallengeMethod, ChallengePurpose } from './challenge.entity';
import { ChallengeSender } from './challenge-sender';
import { noPendingVerification } from './no-pending-verification';
import { verificationLocked } from './verification-locked';

/**
 * Sends a new code or a magic link for the e-mail step: the first CODE_MAX_RESENDS at least
 * CODE_RESEND_INTERVAL_SECONDS apart, then each wait twice the previous (up to
 * CODE_RESEND_MAX_INTERVAL_SECONDS), and none while the verification is locked: the address is
 * never flooded, and the requester can always get a new code in the end.
 */
@Injectable()
export class ResendChallengeUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: ChallengeSender,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async execute(
    requestId: string,
    method: ChallengeMethod,
    now = new Date(),
    purpose: ChallengePurpose = 'requester',
  ): Promise<{ requestId: string; method: ChallengeMethod; expiresAt: string }> {
    return this.dataSource.transaction(async (manager) => {
      const challenge = await manager.findOne(ChallengeEntity, { where: { requestId, purpose }, lock: { mode: 'pessimistic_write' } });
      const verification = await manager.findOneBy(VerificationEntity, { requestId });
      if (!challenge || !verification || challenge.status === 'verified' || !verification.isOpen()) {
        throw noPendingVerification();
      }
      if (isLocked(verification.attemptCount(), now)) throw verificationLocked(verification.lockedUntil!);
      const interval = codeResendDelaySeconds(
        challenge.resends + 1,
        this.config.CODE_RESEND_INTERVAL_SECONDS,
        this.config.CODE_MAX_RESENDS,
        this.config.CODE_RESEND_MAX_INTERVAL_SECONDS,
      );
      const wait = Math.ceil((challenge.lastSentAt.getTime() + interval * 1000 - now.getTime()) / 1000);
      if (wait > 0) {
        throw new ProblemException(
          HttpStatus.TOO_MANY_REQUESTS,
          'resend-too-soon',
          `A code was sent a moment ago: try again in ${wait} s.`,
        );
      }
      const issued = await this.sender.issue(manager, verification, method, now, undefined, challenge);
      return { requestId, method, expiresAt: issued.expiresAt.toISOString() };
    });
  }
}
