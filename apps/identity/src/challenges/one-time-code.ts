import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export function newOneTimeCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** HMAC of the code bound to its challenge, so a stolen table reveals no code. */
export function hashCode(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`${challengeId}:${code}`).digest('hex');
}

export function codeMatches(secret: string, challengeId: string, code: string, expectedHash: string): boolean {
  const presented = Buffer.from(hashCode(secret, challengeId, code), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
