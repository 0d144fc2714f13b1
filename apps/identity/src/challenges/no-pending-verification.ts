import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@dsar/platform';

/** The answer when a request has no e-mail proof awaited: the same whether the request exists or not. */
export function noPendingVerification(): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'no-pending-verification', 'There is no pending verification for this request.');
}
