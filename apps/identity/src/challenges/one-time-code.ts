import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function newOneTimeCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** 32 random bytes, URL-safe: the secret of a magic link. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** HMAC of the secret bound to its challenge, so a stolen table reveals no code. */
export function hashCode(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`${challengeId}:${code}`).digest('hex');
}

export function codeMatches(secret: string, challengeId: string, code: string, expectedHash: string): boolean {
  const presented = Buffer.from(hashCode(secret, challengeId, code), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
