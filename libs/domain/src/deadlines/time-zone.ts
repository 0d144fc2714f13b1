import { DayNumber, MS_PER_DAY, yearMonthDay } from './civil-date';
import { DeadlineRuleError } from './deadline-rule-error';

/**
 * Instants ↔ calendar days of an IANA time zone, with the Intl API only. Days are counted
 * where the controller is: a request received at 23:30 in Paris on 31 January is received
 * on 31 January even though it is 1 February in Tokyo.
 *
 * Intl is slow enough to matter when thousands of dates are computed, so the UTC offsets
 * of a zone are read once per year: sampled weekly, each change located to the second by
 * bisection. (A zone that changed its offset and back within one week would be missed;
 * the tz database has no such case since 1970.)
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new DeadlineRuleError('invalid-time-zone', `unknown IANA time zone: ${timeZone}`);
    }
    formatters.set(timeZone, format);
  }
  return format;
}

export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The zone's UTC offset at a whole-second instant, read from Intl. */
function intlOffset(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  wall.setUTCHours(fields.hour % 24, fields.minute, fields.second, 0);
  return wall.getTime() - instant;
}

interface OffsetTable {
  /** Instants from which `offsets[i]` applies, ascending; the first is 1 January 00:00 UTC. */
  from: number[];
  offsets: number[];
}

const WEEK = 7 * MS_PER_DAY;
// Bound once: a global lookup per call is slow inside sandboxes such as Jest's vm contexts.
const { floor } = Math;
const tables = new Map<string, OffsetTable>();

function offsetTable(timeZone: string, year: number): OffsetTable {
  const key = `${timeZone}|${year}`;
  let table = tables.get(key);
  if (!table) {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    table = { from: [start], offsets: [intlOffset(start, timeZone)] };
    let before = start;
    let current = table.offsets[0];
    while (before < end) {
      const probe = Math.min(before + WEEK, end);
      if (intlOffset(probe, timeZone) !== current) {
        let low = before;
        let high = probe;
        while (high - low > 1000) {
          const mid = low + floor((high - low) / 2000) * 1000;
          if (intlOffset(mid, timeZone) === current) low = mid;
          else high = mid;
        }
        current = intlOffset(high, timeZone);
        table.from.push(high);
        table.offsets.push(current);
      }
      before = probe;
    }
    tables.set(key, table);
  }
  return table;
}

/** The zone's UTC offset, in milliseconds, at an instant. */
export function utcOffset(instant: number, timeZone: string): number {
  const table = offsetTable(timeZone, yearMonthDay(floor(instant / MS_PER_DAY)).year);
  let i = table.from.length - 1;
  while (i > 0 && instant < table.from[i]) i -= 1;
  return table.offsets[i];
}

/** The calendar day, in the time zone, on which an instant falls. */
export function localDayOf(instant: Date | number, timeZone: string): DayNumber {
  const time = typeof instant === 'number' ? instant : instant.getTime();
  return floor((time + utcOffset(time, timeZone)) / MS_PER_DAY);
}

/** The first instant of a calendar day in the time zone (not always 00:00 where DST starts at midnight). */
export function startOfLocalDay(day: DayNumber, timeZone: string): number {
  const localMidnight = day * MS_PER_DAY;
  // Two fixed-point steps find local midnight whenever it exists …
  let instant = localMidnight - utcOffset(localMidnight, timeZone);
  instant = localMidnight - utcOffset(instant, timeZone);
  if (localDayOf(instant, timeZone) === day && localDayOf(instant - 1, timeZone) < day) return instant;
  // … otherwise (a transition at midnight) search the first instant of the day; UTC
  // offsets lie within −12 h … +14 h, so it is within 15 hours of UTC midnight.
  let before = localMidnight - 15 * 3_600_000;
  let onOrAfter = localMidnight + 15 * 3_600_000;
  while (onOrAfter - before > 1) {
    const mid = floor((before + onOrAfter) / 2);
    if (localDayOf(mid, timeZone) >= day) onOrAfter = mid;
    else before = mid;
  }
  return onOrAfter;
}

/** The last millisecond of a calendar day in the time zone. */
export function endOfLocalDay(day: DayNumber, timeZone: string): Date {
  return new Date(startOfLocalDay(day + 1, timeZone) - 1);
}
