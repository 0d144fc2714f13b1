import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { ProblemException } from '@dsar/platform';
import { DataSource } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { ChallengeEntity } from './challenge.entity';
import { codeMatches } from './one-time-code';
import { VerificationResultDto } from './dto/submit-code.dto';

/**
 * Checks a submitted code: constant-time comparison, expiry, a bounded number of
 * attempts, and a used code cannot be replayed. Success emits `verification.succeeded`
 * in the same transaction.
 */
@Injectable()
export class VerifyCodeUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async execute(requestId: string, code: string, now = new Date()): Promise<VerificationResultDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const challenge = await manager.findOne(ChallengeEntity, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
      if (!challenge || challenge.status === 'verified') {
        return {
          problem: new ProblemException(
            HttpStatus.NOT_FOUND,
            'no-pending-verification',
            'There is no pending verification for this request.',
          ),
        };
      }
      if (challenge.status === 'locked' || challenge.attempts >= challenge.maxAttempts) {
        return {
          problem: new ProblemException(
            HttpStatus.TOO_MANY_REQUESTS,
            'too-many-attempts',
            'Too many wrong codes: this verification is locked.',
          ),
        };
      }
      if (challenge.expiresAt <= now) {
        return { problem: new ProblemException(HttpStatus.GONE, 'code-expired', 'This code has expired.') };
      }
      if (!codeMatches(this.config.IDENTITY_CODE_SECRET, challenge.id, code, challenge.codeHash)) {
        const attempts = challenge.attempts + 1;
        await manager.update(
          ChallengeEntity,
          { id: challenge.id },
          { attempts, status: attempts >= challenge.maxAttempts ? 'locked' : 'pending' },
        );
        return {
          problem: new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'invalid-code',
            `The code is not valid. Attempts left: ${challenge.maxAttempts - attempts}.`,
          ),
        };
      }
      await manager.update(ChallengeEntity, { id: challenge.id }, { status: 'verified' });
      await this.outbox.add(
        manager,
        createEvent({
          type: EventTypes.VerificationSucceeded,
          source: 'dsar/identity',
          subject: requestId,
          controllerId: challenge.controllerId,
          data: {
            requestId,
            challengeId: challenge.id,
            method: 'email-code',
            verifiedAt: now.toISOString(),
            identities: { email: challenge.subjectEmail },
            contactEmail: challenge.email,
            requestType: challenge.requestType,
            language: challenge.language,
          },
        }),
      );
      return { problem: undefined };
    });
    // Thrown after commit, so a wrong attempt is counted even though the call fails.
    if (outcome.problem) throw outcome.problem;
    return { requestId, status: 'verified' };
  }
}
