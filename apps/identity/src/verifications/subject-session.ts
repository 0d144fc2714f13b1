import { HttpStatus } from '@nestjs/common';
import { createSubjectTokenStrategy, hashToken } from '@dsar/auth';
import { ProblemException } from '@dsar/platform';
import { timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { VerificationEntity } from './verification.entity';

/**
 * The subject's credential for the steps after the e-mail one: the token handed out once the
 * code was right, compared in constant time with its stored hash. Every failure looks the same.
 */
export function assertSubjectSession(
  verification: VerificationEntity | null,
  token: string | undefined,
): asserts verification is VerificationEntity {
  const expected = verification?.sessionHash ? Buffer.from(verification.sessionHash, 'hex') : Buffer.alloc(32);
  const presented = Buffer.from(hashToken(token ?? ''), 'hex');
  const same = timingSafeEqual(expected, presented);
  if (!verification || !verification.sessionHash || !same || !verification.isOpen()) {
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'verification-token-invalid',
      'Confirm the e-mail code first, then send the verification token it gave in x-verification-token.',
    );
  }
}

export const SUBJECT_SESSION_STRATEGY = 'identity-subject-session';
/** The provider token of the strategy instance (registering it with passport is its construction). */
export const SUBJECT_SESSION = Symbol('identity:subject-session');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a token opens the next steps of this request's verification (the subject's passport check). */
export async function sessionMatches(manager: EntityManager, requestId: string, token: string): Promise<boolean> {
  const verification = UUID.test(requestId) ? await manager.findOneBy(VerificationEntity, { requestId }) : null;
  try {
    assertSubjectSession(verification, token);
    return true;
  } catch {
    return false;
  }
}

/** The passport strategy of requesters past the e-mail step: `x-verification-token` for the request in the path. */
export function subjectSessionStrategy(dataSource: DataSource) {
  return createSubjectTokenStrategy({
    name: SUBJECT_SESSION_STRATEGY,
    header: 'x-verification-token',
    param: 'requestId',
    resolve: (requestId, token) => sessionMatches(dataSource.manager, requestId, token),
  });
}
