import Holidays from 'date-holidays';
import { DayNumber, MS_PER_DAY, isoDate, parseIsoDate, weekday, WEEKDAY_NAMES, yearMonthDay } from './civil-date';
import { DeadlineRuleError } from './deadline-rule-error';

/**
 * Working days of a controller's country: Monday to Friday except the public holidays that
 * the maintained `date-holidays` data gives for the country (and subdivision, when one is
 * named: e.g. 'US' + 'CA' adds California's holidays to the federal ones). Only holidays
 * of type `public` count; bank, school, optional days and observances do not. Substitute
 * days (UK "Boxing Day (substitute day)", US observed holidays) are public holidays.
 */
export interface WorkingCalendar {
  readonly country: string;
  readonly subdivision?: string;
  /** The public holiday's name when the day is one. */
  holidayName(day: DayNumber): string | undefined;
  isWorkingDay(day: DayNumber): boolean;
  /** Why a day is not a working day, e.g. 'Saturday' or 'public holiday (Noël)'. */
  whyNotWorking(day: DayNumber): string | undefined;
  /** The day itself when it is a working day, else the next working day. */
  workingDayOnOrAfter(day: DayNumber): DayNumber;
  /** The n-th working day after the given day (the day itself not counted). */
  addWorkingDays(day: DayNumber, count: number): DayNumber;
}

let registry: Holidays | undefined;
const calendars = new Map<string, WorkingCalendar>();

/**
 * The working-day calendar of a country, or of one of its subdivisions ('CA' or 'US-CA').
 * A well-formed subdivision for which date-holidays has no holidays of its own (it lists
 * only those that differ, e.g. Alsace-Moselle '57', '67', '68' in France) uses the
 * country's calendar; an unknown country, or a subdivision of another country, is an error.
 */
export function workingCalendar(country: string, subdivision?: string): WorkingCalendar {
  const countryCode = country.trim().toUpperCase();
  let subdivisionCode = subdivision?.trim().toUpperCase() || undefined;
  if (subdivisionCode?.startsWith(`${countryCode}-`)) subdivisionCode = subdivisionCode.slice(countryCode.length + 1);
  const key = `${countryCode}|${subdivisionCode ?? ''}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    registry ??= new Holidays();
    if (!/^[A-Z]{2}$/.test(countryCode) || !registry.getCountries()[countryCode]) {
      throw new DeadlineRuleError('unknown-country', `no public-holiday data for country '${country}'`);
    }
    if (subdivisionCode !== undefined && !/^[A-Z0-9]{1,3}$/.test(subdivisionCode)) {
      throw new DeadlineRuleError('unknown-country', `'${subdivision}' is not a subdivision code of ${countryCode}`);
    }
    const ownHolidays = subdivisionCode !== undefined && (registry.getStates(countryCode) ?? {})[subdivisionCode] !== undefined;
    calendar = new HolidayCalendar(countryCode, ownHolidays ? subdivisionCode : undefined);
    calendars.set(key, calendar);
  }
  return calendar;
}

class HolidayCalendar implements WorkingCalendar {
  private readonly source: Holidays;
  private readonly years = new Map<number, Map<DayNumber, string>>();

  constructor(
    readonly country: string,
    readonly subdivision?: string,
  ) {
    const options = { types: ['public' as const] };
    this.source = subdivision ? new Holidays(country, subdivision, options) : new Holidays(country, options);
  }

  holidayName(day: DayNumber): string | undefined {
    return this.holidaysOf(yearMonthDay(day).year).get(day);
  }

  isWorkingDay(day: DayNumber): boolean {
    const dow = weekday(day);
    return dow !== 0 && dow !== 6 && this.holidayName(day) === undefined;
  }

  whyNotWorking(day: DayNumber): string | undefined {
    const dow = weekday(day);
    if (dow === 0 || dow === 6) return `${isoDate(day)} is a ${WEEKDAY_NAMES[dow]}`;
    const holiday = this.holidayName(day);
    return holiday === undefined ? undefined : `${isoDate(day)} is a public holiday (${holiday})`;
  }

  workingDayOnOrAfter(day: DayNumber): DayNumber {
    let current = day;
    while (!this.isWorkingDay(current)) current += 1;
    return current;
  }

  addWorkingDays(day: DayNumber, count: number): DayNumber {
    let current = day;
    for (let counted = 0; counted < count;) {
      current += 1;
      if (this.isWorkingDay(current)) counted += 1;
    }
    return current;
  }

  private holidaysOf(year: number): Map<DayNumber, string> {
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      for (const holiday of this.source.getHolidays(year)) {
        if (holiday.type !== 'public') continue;
        // `date` is the local calendar date of the holiday's start ('YYYY-MM-DD hh:mm:ss').
        const first = parseIsoDate(holiday.date.slice(0, 10));
        const length = Math.max(1, Math.round((holiday.end.getTime() - holiday.start.getTime()) / MS_PER_DAY));
        for (let i = 0; i < length; i += 1) {
          if (yearMonthDay(first + i).year === year && !days.has(first + i)) days.set(first + i, holiday.name);
        }
      }
      this.years.set(year, days);
    }
    return days;
  }
}
