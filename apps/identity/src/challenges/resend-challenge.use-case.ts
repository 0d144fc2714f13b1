import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException } from '@dsar/platform';
import { DataSource } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { VerificationEntity } from '../verifications/verification.entity';
import { ChallengeEntity, ChallengeMethod, ChallengePurpose } from './challenge.entity';
import { ChallengeSender } from './challenge-sender';
import { noPendingVerification } from './no-pending-verification';

/**
 * Sends a new code or a magic link for the e-mail step, at most CODE_MAX_RESENDS times and
 * not twice within CODE_RESEND_INTERVAL_SECONDS, so the address is never flooded.
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
      if (!challenge || !verification || challenge.status !== 'pending' || !verification.isOpen()) {
        throw noPendingVerification();
      }
      if (challenge.resends >= this.config.CODE_MAX_RESENDS) {
        throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'resend-limit', 'No more codes can be sent for this request.');
      }
      const wait = Math.ceil((challenge.lastSentAt.getTime() + this.config.CODE_RESEND_INTERVAL_SECONDS * 1000 - now.getTime()) / 1000);
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
