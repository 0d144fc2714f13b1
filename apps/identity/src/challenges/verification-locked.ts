import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@dsar/platform';

/** The answer while too many wrong codes keep a verification locked: when it opens again, and that the request stays open. */
export function verificationLocked(until: Date) {
  return new ProblemException(
    HttpStatus.TOO_MANY_REQUESTS,
    'verification-locked',
    `Too many wrong codes were entered: to protect this request, no code is accepted until ${until.toISOString()}. The request stays open; ask for a new code after that time.`,
  );
}
