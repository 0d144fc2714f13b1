/**
 * Calendar dates without a time or a zone, as whole days since 1970-01-01 (proleptic
 * Gregorian calendar). Deadlines are counted in days and months of the controller's
 * calendar; the time zone only matters when an instant is turned into a day or back.
 * The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */
export type DayNumber = number;

// Bound once: a global lookup per call is slow inside sandboxes such as Jest's vm contexts.
const { floor, min } = Math;

export const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a valid date (month 1–12, day within the month). */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floor(yearOfEra / 4) - floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function yearMonthDay(days: DayNumber): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = floor((dayOfEra - floor(dayOfEra / 1460) + floor(dayOfEra / 36_524) - floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floor(yearOfEra / 4) - floor(yearOfEra / 100));
  const shiftedMonth = floor((5 * dayOfYear + 2) / 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day: dayOfYear - floor((153 * shiftedMonth + 2) / 5) + 1 };
}

const pad = (value: number, width: number) => `${value}`.padStart(width, '0');

/** YYYY-MM-DD. */
export function isoDate(days: DayNumber): string {
  const { year, month, day } = yearMonthDay(days);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function parseIsoDate(iso: string): DayNumber {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  return dayNumber(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** 0 = Sunday … 6 = Saturday (1 January 1970 was a Thursday). */
export function weekday(days: DayNumber): number {
  return (((days + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Regulation 1182/71 Art. 3(2)(c): a period of months ends on the same-numbered day of the
 * later month, or on that month's last day when it has no such day.
 */
export function addMonthsClamped(days: DayNumber, months: number): DayNumber {
  const { year, month, day } = yearMonthDay(days);
  const total = year * 12 + (month - 1) + months;
  const targetYear = floor(total / 12);
  const targetMonth = total - targetYear * 12 + 1;
  return dayNumber(targetYear, targetMonth, min(day, daysInMonth(targetYear, targetMonth)));
}
