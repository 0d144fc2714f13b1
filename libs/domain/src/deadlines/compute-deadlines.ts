import { REGIMES, REQUEST_TYPES } from '../vocabulary';
import { addMonthsClamped, DayNumber, isoDate, yearMonthDay } from './civil-date';
import { DeadlineRuleCode, DeadlineRuleError } from './deadline-rule-error';
import type { ClockStart, ComputedDate, ComputeDeadlinesInput, DeadlineSchedule, Extension, IgnoredPause, Pause } from './deadline-types';
import { DatedRule, INTERNAL_TARGET_RULES, Period, RuleSet, ruleSetFor } from './rule-sets';
import { assertTimeZone, endOfLocalDay, localDayOf } from './time-zone';
import { WorkingCalendar, workingCalendar } from './working-days';

/**
 * The platform's one deadline calculator. From the controller's policy (regime, country
 * whose public holidays count, time zone) and the facts of a request, it computes every
 * date the regime sets, each carrying the rule that produced it.
 *
 * Counting: days are calendar days of the policy's time zone; the day the clock starts is
 * not counted. Months follow Regulation 1182/71 (same-numbered day, or the last day of a
 * shorter month) and their last day moves to the next working day of the policy's country;
 * periods in calendar days do not move (see RULES.md: no move is stated for them, so the
 * earlier, safe date is kept); working-day periods skip weekends and public holidays.
 *
 * Pauses count only where the rule set allows their cause; a resumption moves the last
 * day of the period by the paused calendar days before it moves to a working day. A pause
 * that starts after the date in force (as moved by the pauses before it) is ignored.
 *
 * Rule violations are recorded, not thrown, unless `onRuleViolation: 'throw'`: a refused
 * extension leaves `due` at the original date with `extension.accepted: false`, a
 * `refusalCode` and a `refusal`; an ignored pause is listed in `ignoredPauses`. Invalid
 * input (bad dates, unknown regime, country or time zone) always throws DeadlineRuleError.
 */
export function computeDeadlines(input: ComputeDeadlinesInput): DeadlineSchedule {
  validate(input);
  const { policy } = input;
  const rules = ruleSetFor(policy.regime, input.requestType, input.subjectWasMinorAtCollection === true);
  return new Computation(input, rules).schedule();
}

interface Settled {
  day: DayNumber;
  movedFrom?: { localDate: string; reason: string };
}

interface PauseGroup {
  from: DayNumber;
  to: DayNumber;
  members: Pause[];
  open?: Date;
}

interface Paused extends Settled {
  pausedDays: number;
  counted: PauseGroup[];
  skipped: PauseGroup[];
}

class Computation {
  private readonly timeZone: string;
  private readonly calendar: WorkingCalendar;
  private readonly ignoredPauses: IgnoredPause[] = [];

  constructor(
    private readonly input: ComputeDeadlinesInput,
    private readonly rules: RuleSet,
  ) {
    this.timeZone = input.policy.timeZone;
    assertTimeZone(this.timeZone);
    this.calendar = workingCalendar(input.policy.country, input.policy.subdivision);
  }

  schedule(): DeadlineSchedule {
    const { rules, input } = this;
    const receivedDay = localDayOf(input.receivedAt, this.timeZone);
    const clock = this.startClock(receivedDay);
    const groups = this.pauseGroups(clock.day);

    const rawFirst = this.periodEnd(rules.due.period, clock.day);
    const movesToWorkingDay = rules.due.period.kind === 'months';
    const first = this.applyPauses(rawFirst, groups, movesToWorkingDay);
    const originalDue = this.date(first, rules.due);
    const extensionNoticeBy = rules.extension ? this.date(first, rules.extension.notice) : undefined;

    let inForce = first;
    let due = originalDue;
    let extension: DeadlineSchedule['extension'];
    if (input.extension) {
      const decided = this.decideExtension(input.extension, clock.day, rawFirst, groups, first, originalDue, extensionNoticeBy);
      extension = decided.outcome;
      if (decided.outcome.accepted && decided.paused) {
        inForce = decided.paused;
        due = decided.outcome.maxDue;
      }
    }

    for (const group of inForce.skipped) {
      for (const pause of group.members) {
        this.ignorePause(pause, 'pause-after-due-date', `the clock was stopped on ${isoDate(group.from)}, after the due date`);
      }
    }
    const openPause = inForce.counted.flatMap((group) => (group.open ? [group.open] : [])).sort((a, b) => a.getTime() - b.getTime())[0];

    return {
      regime: rules.regime,
      clockStartedAt: clock.at,
      clockStartedBy: clock.by,
      ...(rules.acknowledge && {
        acknowledgeBy: this.date({ day: this.calendar.addWorkingDays(receivedDay, rules.acknowledge.workingDays) }, rules.acknowledge),
      }),
      ...(rules.simplifiedAnswer && { simplifiedAnswerBy: this.date({ day: receivedDay }, rules.simplifiedAnswer) }),
      ...(clock.feeConfirmationBy && { feeConfirmationBy: clock.feeConfirmationBy }),
      ...(extensionNoticeBy && { extensionNoticeBy }),
      due,
      originalDue,
      ...(input.policy.internalTargetDays !== undefined && {
        internalTarget: this.internalTarget(clock.day, input.policy.internalTargetDays, first),
      }),
      pausedDays: inForce.pausedDays,
      ...(openPause && { clockStoppedSince: openPause }),
      ignoredPauses: this.ignoredPauses,
      ...(extension && { extension }),
    };
  }

  private startClock(receivedDay: DayNumber): { at: Date; day: DayNumber; by: ClockStart; feeConfirmationBy?: ComputedDate } {
    const { input, rules } = this;
    const receipt = { at: input.receivedAt, day: receivedDay, by: 'receipt' as ClockStart };
    if (rules.clockStart === 'latest-of-receipt-identity-fee') {
      let latest = receipt;
      for (const [at, by] of [
        [input.identityReceivedAt, 'identity'],
        [input.feeReceivedAt, 'fee'],
      ] as const) {
        if (at && at.getTime() > latest.at.getTime()) latest = { at, day: localDayOf(at, this.timeZone), by };
      }
      return latest;
    }
    if (rules.clockStart === 'after-fee-confirmation-period' && input.feeAnnouncedAt && rules.feeConfirmation) {
      const end = localDayOf(input.feeAnnouncedAt, this.timeZone) + rules.feeConfirmation.days;
      const feeConfirmationBy = this.date({ day: end }, rules.feeConfirmation);
      return end > receivedDay
        ? { at: feeConfirmationBy.at, day: end, by: 'fee-confirmation-period', feeConfirmationBy }
        : { ...receipt, feeConfirmationBy };
    }
    return receipt;
  }

  private periodEnd(period: Period, start: DayNumber): DayNumber {
    switch (period.kind) {
      case 'months':
        return addMonthsClamped(start, period.months);
      case 'calendar-days':
        return start + period.days;
      case 'working-days':
        return this.calendar.addWorkingDays(start, period.days);
    }
  }

  private settle(day: DayNumber, movesToWorkingDay: boolean): Settled {
    if (!movesToWorkingDay) return { day };
    const reason = this.calendar.whyNotWorking(day);
    return reason === undefined ? { day } : { day: this.calendar.workingDayOnOrAfter(day), movedFrom: { localDate: isoDate(day), reason } };
  }

  /** Walks the pauses in order; each one that starts no later than the date in force so far moves it by its length. */
  private applyPauses(rawEnd: DayNumber, groups: PauseGroup[], movesToWorkingDay: boolean): Paused {
    let pausedDays = 0;
    let settled = this.settle(rawEnd, movesToWorkingDay);
    const counted: PauseGroup[] = [];
    const skipped: PauseGroup[] = [];
    for (const group of groups) {
      if (group.from > settled.day) {
        skipped.push(group);
        continue;
      }
      counted.push(group);
      pausedDays += group.to - group.from;
      settled = this.settle(rawEnd + pausedDays, movesToWorkingDay);
    }
    return { ...settled, pausedDays, counted, skipped };
  }

  /** The allowed pauses as merged day intervals [from, to), from the start of the clock on. */
  private pauseGroups(clockDay: DayNumber): PauseGroup[] {
    const { input, rules } = this;
    const asOfDay = input.asOf ? localDayOf(input.asOf, this.timeZone) : undefined;
    const intervals: PauseGroup[] = [];
    for (const pause of input.pauses ?? []) {
      if (!rules.pauses.includes(pause.cause)) {
        this.ignorePause(
          pause,
          'pause-not-allowed',
          rules.pauses.length === 0
            ? `${rules.regime} does not stop the clock`
            : `${rules.regime} stops the clock only while ${rules.pauses.map((cause) => cause.replace('-', ' ')).join(' or ')} (${rules.pauseBasis})`,
        );
        continue;
      }
      const from = Math.max(localDayOf(pause.from, this.timeZone), clockDay);
      const end = pause.to ? localDayOf(pause.to, this.timeZone) : (asOfDay ?? from);
      intervals.push({ from, to: Math.max(from, end), members: [pause], ...(!pause.to && { open: pause.from }) });
    }
    intervals.sort((a, b) => a.from - b.from || a.to - b.to);
    const groups: PauseGroup[] = [];
    for (const interval of intervals) {
      const last = groups[groups.length - 1];
      if (last && interval.from <= last.to) {
        last.to = Math.max(last.to, interval.to);
        last.members.push(...interval.members);
        if (interval.open && (!last.open || interval.open < last.open)) last.open = interval.open;
      } else {
        groups.push({ ...interval, members: [...interval.members] });
      }
    }
    return groups;
  }

  private ignorePause(pause: Pause, code: IgnoredPause['code'], reason: string): void {
    if (this.input.onRuleViolation === 'throw') throw new DeadlineRuleError(code, reason);
    this.ignoredPauses.push({ pause, code, reason });
  }

  private decideExtension(
    extension: Extension,
    clockDay: DayNumber,
    rawFirst: DayNumber,
    groups: PauseGroup[],
    first: Paused,
    originalDue: ComputedDate,
    noticeBy: ComputedDate | undefined,
  ): { outcome: NonNullable<DeadlineSchedule['extension']>; paused?: Paused } {
    const { rules } = this;
    const refuse = (
      code: Extract<DeadlineRuleCode, `extension-${string}`>,
      refusal: string,
      maxDue: ComputedDate,
    ): { outcome: NonNullable<DeadlineSchedule['extension']> } => {
      if (this.input.onRuleViolation === 'throw') throw new DeadlineRuleError(code, refusal);
      return { outcome: { maxDue, accepted: false, refusal, refusalCode: code } };
    };
    if (!rules.extension || !noticeBy) {
      return refuse('extension-not-allowed', rules.noExtension ?? `${rules.regime} allows no extension`, originalDue);
    }
    const { extended } = rules.extension;
    let paused: Paused;
    switch (extended.length.kind) {
      case 'further-months':
        paused = this.applyPauses(addMonthsClamped(rawFirst, extended.length.months), groups, true);
        break;
      case 'total-days':
        paused = this.applyPauses(clockDay + extended.length.days, groups, false);
        break;
      case 'new-date-told':
        if (!extension.newDueDate) {
          return refuse('extension-new-date-missing', 'the person must be told the new date (Extension.newDueDate)', originalDue);
        }
        paused = {
          day: localDayOf(extension.newDueDate, this.timeZone),
          pausedDays: first.pausedDays,
          counted: first.counted,
          skipped: first.skipped,
        };
        break;
    }
    const maxDue = this.date(paused, extended);
    if (extension.reasons.trim() === '') return refuse('extension-reasons-missing', 'an extension must give its reasons', maxDue);
    if (extension.notifiedAt.getTime() > noticeBy.at.getTime()) {
      const notifiedOn = isoDate(localDayOf(extension.notifiedAt, this.timeZone));
      return refuse(
        'extension-notified-too-late',
        `the extension was notified on ${notifiedOn}, after ${noticeBy.localDate}, the last day to notify it (${noticeBy.basis})`,
        maxDue,
      );
    }
    if (paused.day <= first.day) {
      return refuse(
        'extension-new-date-not-later',
        `the new date ${maxDue.localDate} is not later than the due date ${originalDue.localDate}`,
        maxDue,
      );
    }
    return { outcome: { maxDue, accepted: true }, paused };
  }

  private internalTarget(clockDay: DayNumber, days: number, first: Paused): ComputedDate {
    const day = clockDay + days + first.pausedDays;
    if (day > first.day) return this.date({ day: first.day }, INTERNAL_TARGET_RULES.capped);
    const { id } = INTERNAL_TARGET_RULES.target;
    return this.date({ day }, { id, basis: `Controller policy (internal target: ${days} calendar days from the start of the clock)` });
  }

  private date(settled: Settled, rule: DatedRule): ComputedDate {
    return {
      at: endOfLocalDay(settled.day, this.timeZone),
      localDate: isoDate(settled.day),
      rule: rule.id,
      basis: rule.basis,
      ...(settled.movedFrom && { movedFrom: settled.movedFrom }),
    };
  }
}

const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

function validate(input: ComputeDeadlinesInput): void {
  const invalid = (message: string) => new DeadlineRuleError('invalid-input', message);
  const { policy } = input;
  if (!policy || !(REGIMES as readonly string[]).includes(policy.regime)) {
    throw new DeadlineRuleError('unknown-regime', `unknown regime: ${policy?.regime}`);
  }
  if (!(REQUEST_TYPES as readonly string[]).includes(input.requestType)) {
    throw new DeadlineRuleError('unknown-request-type', `unknown request type: ${input.requestType}`);
  }
  if (!isValidDate(input.receivedAt)) throw invalid('receivedAt must be a valid Date');
  const year = yearMonthDay(Math.floor(input.receivedAt.getTime() / 86_400_000)).year;
  if (year < 1900 || year > 2999) throw invalid('receivedAt must fall between 1900 and 2999');
  if (policy.internalTargetDays !== undefined && !(Number.isInteger(policy.internalTargetDays) && policy.internalTargetDays >= 0)) {
    throw invalid('internalTargetDays must be a whole number of days, 0 or more');
  }
  for (const key of ['identityReceivedAt', 'feeReceivedAt', 'feeAnnouncedAt', 'asOf'] as const) {
    if (input[key] !== undefined && !isValidDate(input[key])) throw invalid(`${key} must be a valid Date`);
  }
  if (input.feeAnnouncedAt && input.feeAnnouncedAt < input.receivedAt) throw invalid('feeAnnouncedAt is before receivedAt');
  for (const pause of input.pauses ?? []) {
    if (!isValidDate(pause.from) || (pause.to !== undefined && !isValidDate(pause.to))) throw invalid('a pause needs valid dates');
    if (pause.from < input.receivedAt) throw invalid('a pause starts before the request was received');
    if (pause.to && pause.to < pause.from) throw invalid('a pause ends before it starts');
  }
  const { extension } = input;
  if (extension) {
    if (!isValidDate(extension.decidedAt) || !isValidDate(extension.notifiedAt)) throw invalid('an extension needs valid dates');
    if (extension.newDueDate !== undefined && !isValidDate(extension.newDueDate)) throw invalid('newDueDate must be a valid Date');
    if (extension.decidedAt < input.receivedAt) throw invalid('an extension is decided before the request was received');
    if (extension.notifiedAt < extension.decidedAt) throw invalid('an extension is notified before it is decided');
    if (typeof extension.reasons !== 'string') throw invalid('an extension needs its reasons');
  }
}
