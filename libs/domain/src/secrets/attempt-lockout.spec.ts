import { afterWrongGuess, codeResendDelaySeconds, isLocked, NO_ATTEMPTS } from './attempt-lockout';

const policy = { maxFailures: 3, lockMinutes: 60, maxLockMinutes: 240 };
const now = new Date('2026-12-01T10:00:00Z');

describe('attempt lockout', () => {
  it('locks after the maximum of wrong guesses, for the lock period, then each lock twice as long up to the ceiling', () => {
    let count = NO_ATTEMPTS;
    const locks: (string | null)[] = [];
    for (let guess = 0; guess < 12; guess += 1) {
      const next = afterWrongGuess(count, policy, now);
      count = next.count;
      if (next.locked) locks.push(count.lockedUntil!.toISOString());
    }
    expect(locks).toEqual(['2026-12-01T11:00:00.000Z', '2026-12-01T12:00:00.000Z', '2026-12-01T14:00:00.000Z', '2026-12-01T14:00:00.000Z']);
  });

  it('is locked until the lock ends, not after', () => {
    const { count } = afterWrongGuess({ failures: 2, locks: 0, lockedUntil: null }, policy, now);
    expect(isLocked(count, new Date('2026-12-01T10:59:59Z'))).toBe(true);
    expect(isLocked(count, new Date('2026-12-01T11:00:00Z'))).toBe(false);
    expect(isLocked(NO_ATTEMPTS, now)).toBe(false);
  });

  it('spaces new codes evenly at first, then doubles each wait up to the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 20, 60].map((sent) => codeResendDelaySeconds(sent, 60, 3, 3600))).toEqual([
      60, 60, 60, 120, 240, 480, 3600, 3600,
    ]);
  });
});
