/**
 * The property tests of the deadline calculator, shared by the `deadline-properties-*`
 * specs (one per group of regimes, so Jest runs them in parallel). Each property states
 * the rule again, independently of the calculator (RULES.md's table), and checks it over
 * thousands of random receipt dates between 2015 and 2044.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Regime, RequestType } from '../vocabulary';
import { REQUEST_TYPES } from '../vocabulary';
import { computeDeadlines } from './compute-deadlines';
import type { ComputedDate, ComputeDeadlinesInput, DeadlineSchedule, PauseCause } from './deadline-types';
import { PAUSE_CAUSES } from './deadline-types';
import { DEADLINE_RULES } from './rule-sets';
import {
  firstWorkingDayOnOrAfter,
  isWorkingDay,
  localIso,
  plusDays,
  plusMonths,
  POLICIES,
  workingDaysBetween,
} from './deadline-spec-helpers';

const DAY = 86_400_000;
const MIN = new Date('2015-01-01T00:00:00Z');
const MAX = new Date('2044-12-31T23:59:59Z');

/** What RULES.md says each regime does, restated for the oracle. */
interface Expected {
  period: { kind: 'months' } | { kind: 'days'; days: number } | { kind: 'working-days'; days: number };
  acknowledgeWorkingDays?: number;
  extension?: 'two-further-months' | '90-days' | 'new-date';
  pauses: PauseCause[];
}

function expected(regime: Regime, requestType: RequestType, minor: boolean): Expected {
  switch (regime) {
    case 'eu-gdpr':
      return { period: { kind: 'months' }, extension: 'two-further-months', pauses: ['awaiting-identity', 'awaiting-clarification'] };
    case 'fr-gdpr':
      return {
        period: { kind: 'months' },
        extension: requestType === 'erasure' && minor ? undefined : 'two-further-months',
        pauses: ['awaiting-identity', 'awaiting-clarification'],
      };
    case 'uk-gdpr':
      return { period: { kind: 'months' }, extension: 'two-further-months', pauses: ['awaiting-clarification'] };
    case 'us-ca-ccpa':
      return ['objection', 'consent-withdrawal', 'restriction'].includes(requestType)
        ? { period: { kind: 'working-days', days: 15 }, pauses: [] }
        : { period: { kind: 'days', days: 45 }, acknowledgeWorkingDays: 10, extension: '90-days', pauses: [] };
    case 'us-va-vcdpa':
      return { period: { kind: 'days', days: 45 }, extension: '90-days', pauses: [] };
    case 'br-lgpd':
      return { period: { kind: 'days', days: 15 }, pauses: [] };
    case 'ca-qc-law25':
      return { period: { kind: 'days', days: 30 }, pauses: [] };
    case 'ch-fadp':
      return { period: { kind: 'days', days: 30 }, extension: 'new-date', pauses: [] };
  }
}

const instant = fc.date({ min: MIN, max: MAX, noInvalidDate: true });
const requestType = fc.constantFrom(...REQUEST_TYPES);
const laterBy = (maxDays: number) => fc.integer({ min: 0, max: maxDays * DAY });
const pause = fc.record({
  fromOffset: laterBy(50),
  length: fc.option(laterBy(30), { freq: 5, nil: undefined }),
  cause: fc.constantFrom(...PAUSE_CAUSES),
});

const shift = (date: Date, ms: number) => new Date(date.getTime() + ms);

function allDates(schedule: DeadlineSchedule): ComputedDate[] {
  return [
    schedule.due,
    schedule.originalDue,
    schedule.acknowledgeBy,
    schedule.simplifiedAnswerBy,
    schedule.feeConfirmationBy,
    schedule.extensionNoticeBy,
    schedule.internalTarget,
    schedule.extension?.maxDue,
  ].filter((date): date is ComputedDate => date !== undefined);
}

/** Start of the clock, as RULES.md states it, in the controller's calendar. */
function clockStart(input: ComputeDeadlinesInput): string {
  const { timeZone } = input.policy;
  const received = localIso(input.receivedAt, timeZone);
  if (input.policy.regime === 'uk-gdpr') {
    const latest = [input.receivedAt, input.identityReceivedAt, input.feeReceivedAt]
      .filter((date): date is Date => date !== undefined)
      .reduce((a, b) => (b > a ? b : a));
    return localIso(latest, timeZone);
  }
  if (input.policy.regime === 'ch-fadp' && input.feeAnnouncedAt) {
    const end = plusDays(localIso(input.feeAnnouncedAt, timeZone), 10);
    return end > received ? end : received;
  }
  return received;
}

function firstPeriodEnd(rule: Expected, start: string, input: ComputeDeadlinesInput): string {
  switch (rule.period.kind) {
    case 'months':
      return plusMonths(start, 1);
    case 'days':
      return plusDays(start, rule.period.days);
    case 'working-days': {
      let day = start;
      for (let counted = 0; counted < rule.period.days;) {
        day = plusDays(day, 1);
        if (isWorkingDay(day, input.policy)) counted += 1;
      }
      return day;
    }
  }
}

export function describeDeadlineProperties(regimes: Regime[], runs: number): void {
  describe.each(regimes)('%s', (regime) => {
    const policy = POLICIES[regime];
    const movesToWorkingDay = (rule: Expected) => rule.period.kind === 'months';

    it('gives every date its rule, ends it with the local day, and dates the due day as the rule says', () => {
      fc.assert(
        fc.property(
          instant,
          requestType,
          fc.boolean(),
          fc.option(laterBy(20), { nil: undefined }),
          fc.option(laterBy(20), { nil: undefined }),
          fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
          (receivedAt, type, minor, identityLater, feeLater, target) => {
            const input: ComputeDeadlinesInput = {
              policy: { ...policy, ...(target !== undefined && { internalTargetDays: target }) },
              requestType: type,
              receivedAt,
              subjectWasMinorAtCollection: minor,
              ...(identityLater !== undefined && { identityReceivedAt: shift(receivedAt, identityLater) }),
              ...(feeLater !== undefined && { feeReceivedAt: shift(receivedAt, feeLater), feeAnnouncedAt: shift(receivedAt, feeLater) }),
            };
            const schedule = computeDeadlines(input);
            const rule = expected(regime, type, minor);
            const start = clockStart(input);
            const naive = firstPeriodEnd(rule, start, input);

            // due ≥ received, never earlier than the naive count, a working day where the rule moves it
            assert.ok(schedule.due.at >= receivedAt, 'due ≥ received');
            assert.ok(schedule.due.localDate >= naive, 'never earlier than the naive count');
            assert.equal(schedule.due.localDate, movesToWorkingDay(rule) ? firstWorkingDayOnOrAfter(naive, policy) : naive);
            if (movesToWorkingDay(rule)) assert.ok(isWorkingDay(schedule.due.localDate, policy), 'a working day');
            assert.deepEqual(schedule.originalDue, schedule.due);
            assert.equal(schedule.pausedDays, 0);

            // the extension-notice date ≤ original due; it exists exactly when an extension can
            assert.equal(schedule.extensionNoticeBy !== undefined, rule.extension !== undefined);
            if (schedule.extensionNoticeBy) assert.ok(schedule.extensionNoticeBy.at <= schedule.originalDue.at, 'notice ≤ original due');

            if (rule.acknowledgeWorkingDays) {
              const ack = schedule.acknowledgeBy!.localDate;
              assert.ok(isWorkingDay(ack, policy), 'acknowledged on a working day');
              assert.equal(workingDaysBetween(localIso(receivedAt, policy.timeZone), ack, policy), rule.acknowledgeWorkingDays);
            } else {
              assert.equal(schedule.acknowledgeBy, undefined);
            }

            if (target !== undefined) {
              assert.ok(schedule.internalTarget!.localDate <= schedule.originalDue.localDate, 'target ≤ due');
              assert.ok(schedule.internalTarget!.localDate >= start, 'target ≥ clock start');
            }

            for (const date of allDates(schedule)) {
              assert.ok(DEADLINE_RULES[date.rule] !== undefined, `${date.rule} is catalogued`);
              if (date.rule !== 'controller-policy:internal-target') assert.equal(date.basis, DEADLINE_RULES[date.rule]);
              assert.ok(date.rule.startsWith(`${regime}:`) || date.rule.startsWith('controller-policy:'), date.rule);
              assert.equal(localIso(date.at, policy.timeZone), date.localDate);
              assert.equal(localIso(shift(date.at, 1), policy.timeZone), plusDays(date.localDate, 1));
            }
          },
        ),
        { numRuns: runs },
      );
    });

    it('is monotonic in the receipt date', () => {
      fc.assert(
        fc.property(instant, instant, requestType, (a, b, type) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a];
          const first = computeDeadlines({ policy, requestType: type, receivedAt: earlier });
          const second = computeDeadlines({ policy, requestType: type, receivedAt: later });
          assert.ok(first.due.localDate <= second.due.localDate, 'monotonic due');
          assert.ok(first.due.at <= second.due.at, 'monotonic instant');
          if (first.acknowledgeBy) assert.ok(first.acknowledgeBy.localDate <= second.acknowledgeBy!.localDate, 'monotonic acknowledgement');
          if (first.extensionNoticeBy)
            assert.ok(first.extensionNoticeBy.localDate <= second.extensionNoticeBy!.localDate, 'monotonic notice');
        }),
        { numRuns: runs / 2 },
      );
    });

    it('never shortens for a pause, and moves the date by exactly the paused days where pauses count', () => {
      fc.assert(
        fc.property(instant, requestType, fc.array(pause, { maxLength: 3 }), laterBy(90), (receivedAt, type, drafts, asOfLater) => {
          const pauses = drafts.map(({ fromOffset, length, cause }) => ({
            from: shift(receivedAt, fromOffset),
            ...(length !== undefined && { to: shift(receivedAt, fromOffset + length) }),
            cause,
          }));
          const asOf = shift(receivedAt, asOfLater);
          const without = computeDeadlines({ policy, requestType: type, receivedAt });
          const withPauses = computeDeadlines({ policy, requestType: type, receivedAt, pauses, asOf });
          const rule = expected(regime, type, false);

          assert.ok(withPauses.due.localDate >= without.due.localDate, 'pauses never shorten');
          assert.ok(withPauses.pausedDays >= 0);
          const counted = pauses.filter((p) => rule.pauses.includes(p.cause));
          const naive = firstPeriodEnd(rule, localIso(receivedAt, policy.timeZone), { policy, requestType: type, receivedAt });
          if (counted.length === 0) {
            assert.deepEqual(withPauses.due, without.due);
            assert.equal(withPauses.pausedDays, 0);
            assert.equal(withPauses.ignoredPauses.length, pauses.length);
          } else {
            const expectedDue = plusDays(naive, withPauses.pausedDays);
            assert.equal(withPauses.due.localDate, movesToWorkingDay(rule) ? firstWorkingDayOnOrAfter(expectedDue, policy) : expectedDue);
            const longest = counted.reduce(
              (sum, p) => sum + Math.max(0, Math.ceil(((p.to ?? asOf).getTime() - p.from.getTime()) / DAY) + 1),
              0,
            );
            assert.ok(withPauses.pausedDays <= longest, 'no more days than the pauses last');
          }
          assert.equal(withPauses.extensionNoticeBy?.localDate, rule.extension ? withPauses.originalDue.localDate : undefined);
        }),
        { numRuns: runs / 2 },
      );
    });

    it('accepts an extension exactly when the regime allows one and it was notified in time; it never shortens', () => {
      fc.assert(
        fc.property(
          instant,
          requestType,
          fc.boolean(),
          laterBy(70),
          fc.integer({ min: 1, max: 120 }),
          (receivedAt, type, minor, notifiedLater, newDateDays) => {
            const base = { policy, requestType: type, receivedAt, subjectWasMinorAtCollection: minor };
            const plain = computeDeadlines(base);
            const notifiedAt = shift(receivedAt, notifiedLater);
            const newDueDate = new Date(plain.originalDue.at.getTime() + newDateDays * DAY);
            const result = computeDeadlines({
              ...base,
              extension: { decidedAt: receivedAt, notifiedAt, reasons: 'complexity', newDueDate },
            });
            const rule = expected(regime, type, minor);

            assert.deepEqual(result.originalDue, plain.originalDue);
            const inTime = plain.extensionNoticeBy !== undefined && notifiedAt <= plain.extensionNoticeBy.at;
            assert.equal(result.extension!.accepted, rule.extension !== undefined && inTime);
            assert.ok(result.due.localDate >= result.originalDue.localDate, 'an extension never shortens');
            if (!result.extension!.accepted) {
              assert.deepEqual(result.due, result.originalDue);
              assert.equal(result.extension!.refusalCode, rule.extension ? 'extension-notified-too-late' : 'extension-not-allowed');
              return;
            }
            assert.deepEqual(result.due, result.extension!.maxDue);
            assert.ok(result.due.localDate > result.originalDue.localDate, 'an accepted extension moves the date');
            const received = localIso(receivedAt, policy.timeZone);
            if (rule.extension === 'two-further-months') {
              // two further months after the first: within three months in all (then moved to a working day)
              assert.equal(result.due.localDate, firstWorkingDayOnOrAfter(plusMonths(plusMonths(received, 1), 2), policy));
              assert.ok(result.due.localDate <= firstWorkingDayOnOrAfter(plusMonths(received, 3), policy), 'three months in all');
            } else if (rule.extension === '90-days') {
              assert.equal(result.due.localDate, plusDays(received, 90));
            } else {
              assert.equal(result.due.localDate, localIso(newDueDate, policy.timeZone));
            }
          },
        ),
        { numRuns: runs / 2 },
      );
    });
  });
}
