/**
 * How wrong guesses of a subject's secret (a verification code, a download code) are contained,
 * per verification or per download link and across every code sent for it: after `maxFailures`
 * wrong guesses it locks for `lockMinutes`, each further lock twice as long (up to
 * `maxLockMinutes`); while locked even the right code is refused. A lock never closes the request.
 */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
  maxLockMinutes: number;
}

/** What is counted for one verification or one download link. */
export interface AttemptCount {
  /** Wrong guesses since the last lock (or since the start). */
  failures: number;
  /** Locks so far: each doubles the next one. */
  locks: number;
  lockedUntil: Date | null;
}

/** The same count as a stored record keeps it (columns failed_attempts, locks, locked_until). */
export interface AttemptCounters {
  failedAttempts: number;
  locks: number;
  lockedUntil: Date | null;
}

export const attemptCountOf = (stored: AttemptCounters): AttemptCount => ({
  failures: stored.failedAttempts ?? 0,
  locks: stored.locks ?? 0,
  lockedUntil: stored.lockedUntil ?? null,
});

export const countersOf = (count: AttemptCount): AttemptCounters => ({
  failedAttempts: count.failures,
  locks: count.locks,
  lockedUntil: count.lockedUntil,
});

export const NO_ATTEMPTS: AttemptCount = { failures: 0, locks: 0, lockedUntil: null };

export function isLocked(count: AttemptCount, now: Date): boolean {
  return count.lockedUntil !== null && count.lockedUntil > now;
}

/** The count after one more wrong guess, and whether this guess locked it. */
export function afterWrongGuess(count: AttemptCount, policy: LockoutPolicy, now: Date): { count: AttemptCount; locked: boolean } {
  const failures = count.failures + 1;
  if (failures < policy.maxFailures) return { count: { ...count, failures }, locked: false };
  const minutes = Math.min(policy.lockMinutes * 2 ** count.locks, policy.maxLockMinutes);
  return { count: { failures: 0, locks: count.locks + 1, lockedUntil: new Date(now.getTime() + minutes * 60_000) }, locked: true };
}

/**
 * Seconds to wait before a new code may be sent, given how many were sent already: the first
 * `evenlySpaced` codes `baseSeconds` apart, then each wait twice the previous, up to `maxSeconds`.
 */
export function codeResendDelaySeconds(codesSent: number, baseSeconds: number, evenlySpaced: number, maxSeconds: number): number {
  const doublings = Math.max(0, codesSent - evenlySpaced);
  return Math.min(baseSeconds * 2 ** Math.min(doublings, 30), maxSeconds);
}
