import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken } from '@dsar/auth';
import { isLocked } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationProgress } from '../verifications/verification-progress';
import { ChallengeEntity, ChallengeMethod, ChallengePurpose } from './challenge.entity';
import { noPendingVerification } from './no-pending-verification';
import { verificationLocked } from './verification-locked';
import { codeMatches } from './one-time-code';
import { VerificationResultDto } from './dto/submit-code.dto';

type Outcome = { problem: ProblemException } | { result: VerificationResultDto };

/**
 * Checks the e-mail proof (a code or a magic-link token): constant-time comparison, expiry, a
 * bounded number of attempts per code and, across codes, per verification (which then locks for a
 * while: see VerificationProgress.countWrongCode), and a used secret cannot be replayed. Proving the
 * address either verifies the request or, when the policy asks more, gives the requester a token for
 * the next steps. Wrong codes never fail the verification: that would let anyone close a request.
 */
@Injectable()
export class VerifyCodeUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly progress: VerificationProgress,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async execute(
    requestId: string,
    secret: string,
    method: ChallengeMethod = 'email-code',
    now = new Date(),
    purpose: ChallengePurpose = 'requester',
  ): Promise<VerificationResultDto> {
    const outcome = await this.dataSource.transaction((manager) => this.check(manager, requestId, secret, method, now, purpose));
    // Thrown after commit, so a wrong attempt is counted even though the call fails.
    if ('problem' in outcome) throw outcome.problem;
    return outcome.result;
  }

  private async check(
    manager: EntityManager,
    requestId: string,
    secret: string,
    method: ChallengeMethod,
    now: Date,
    purpose: ChallengePurpose,
  ): Promise<Outcome> {
    const challenge = await manager.findOne(ChallengeEntity, { where: { requestId, purpose }, lock: { mode: 'pessimistic_write' } });
    const verification = await manager.findOne(VerificationEntity, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
    const awaited = purpose === 'requester' || verification?.nextStep() === 'subject-confirmation';
    if (!challenge || !verification || challenge.status === 'verified' || !verification.isOpen() || !awaited) {
      return { problem: noPendingVerification() };
    }
    // While locked even the right code is refused: guessing on cannot pay.
    if (isLocked(verification.attemptCount(), now)) return { problem: verificationLocked(verification.lockedUntil!) };
    if (challenge.status === 'locked' || challenge.attempts >= challenge.maxAttempts) {
      return { problem: codeUsedUp() };
    }
    if (challenge.expiresAt <= now) {
      return { problem: new ProblemException(HttpStatus.GONE, 'code-expired', 'This code has expired: ask for a new one.') };
    }
    const matches = challenge.method === method && codeMatches(this.config.IDENTITY_CODE_SECRET, challenge.id, secret, challenge.codeHash);
    if (!matches) {
      const attempts = challenge.attempts + 1;
      const usedUp = attempts >= challenge.maxAttempts;
      await manager.update(ChallengeEntity, { id: challenge.id }, { attempts, status: usedUp ? 'locked' : 'pending' });
      const lockedUntil = await this.progress.countWrongCode(manager, verification, now);
      if (lockedUntil) return { problem: verificationLocked(lockedUntil) };
      if (usedUp) return { problem: codeUsedUp() };
      const left = Math.min(challenge.maxAttempts - attempts, this.progress.failuresLeft(verification));
      return {
        problem: new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-code', `The code is not valid. Attempts left: ${left}.`),
      };
    }
    // Spent: not even its HMAC is kept.
    await manager.update(ChallengeEntity, { id: challenge.id }, { status: 'verified', usedAt: now, codeHash: '' });
    if (purpose === 'subject') {
      await this.progress.completeStep(manager, verification, 'subject-confirmation', method, 'subject:confirmation', now);
      return { result: { requestId, status: 'confirmed' } };
    }
    const token = verification.steps.length > 1 ? randomBytes(32).toString('base64url') : undefined;
    if (token) verification.sessionHash = hashToken(token);
    await this.progress.completeStep(manager, verification, 'email', method, 'subject', now);
    if (verification.status === 'verified') return { result: { requestId, status: 'verified' } };
    return { result: { requestId, status: 'more-proof-needed', nextStep: verification.nextStep(), verificationToken: token } };
  }
}

function codeUsedUp() {
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    'too-many-attempts',
    'Too many wrong codes: this code no longer works, ask for a new one.',
  );
}
