import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@dsar/platform';

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

/** Checks an Idempotency-Key header: absent, or 8-128 safe characters. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', [
      { field: 'Idempotency-Key', message: 'must be 8 to 128 characters among letters, digits and . _ : -' },
    ]);
  }
  return header;
}
