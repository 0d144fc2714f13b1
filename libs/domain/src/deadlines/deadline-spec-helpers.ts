/**
 * Shared by the deadline specs only (nothing in the library imports it): the reference
 * policies of the scenarios and independent oracles for the property tests.
 */
import type { Regime, RequestType } from '../vocabulary';
import { parseIsoDate } from './civil-date';
import { computeDeadlines } from './compute-deadlines';
import type { ComputeDeadlinesInput, DeadlinePolicy, DeadlineSchedule } from './deadline-types';
import { workingCalendar } from './working-days';

export const POLICIES: Record<Regime, DeadlinePolicy> = {
  'eu-gdpr': { regime: 'eu-gdpr', country: 'DE', timeZone: 'Europe/Berlin' },
  'fr-gdpr': { regime: 'fr-gdpr', country: 'FR', timeZone: 'Europe/Paris' },
  'uk-gdpr': { regime: 'uk-gdpr', country: 'GB', subdivision: 'ENG', timeZone: 'Europe/London' },
  'us-ca-ccpa': { regime: 'us-ca-ccpa', country: 'US', timeZone: 'America/Los_Angeles' },
  'us-va-vcdpa': { regime: 'us-va-vcdpa', country: 'US', subdivision: 'VA', timeZone: 'America/New_York' },
  'br-lgpd': { regime: 'br-lgpd', country: 'BR', timeZone: 'America/Sao_Paulo' },
  'ca-qc-law25': { regime: 'ca-qc-law25', country: 'CA', subdivision: 'QC', timeZone: 'America/Toronto' },
  'ch-fadp': { regime: 'ch-fadp', country: 'CH', subdivision: 'ZH', timeZone: 'Europe/Zurich' },
};

/** Noon UTC of a date: the same calendar day in every reference policy's time zone. */
export const noon = (isoDate: string): Date => new Date(`${isoDate}T12:00:00Z`);

export function schedule(
  regime: Regime,
  received: string,
  extra: Partial<Omit<ComputeDeadlinesInput, 'policy' | 'receivedAt'>> & { policy?: Partial<DeadlinePolicy> } = {},
): DeadlineSchedule {
  const { policy, requestType, ...rest } = extra;
  return computeDeadlines({
    policy: { ...POLICIES[regime], ...policy },
    requestType: requestType ?? ('access' as RequestType),
    receivedAt: received.includes('T') ? new Date(received) : noon(received),
    ...rest,
  });
}

// ---- oracles, written apart from the calculator's own helpers ----

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
export function localIso(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant);
}

export function plusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Same-numbered day n months later, or the last day of that month. */
export function plusMonths(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** Public holidays as the calculator loads them from date-holidays (checked by the hand-written examples). */
export function isPublicHoliday(iso: string, country: string, subdivision?: string): boolean {
  return workingCalendar(country, subdivision).holidayName(parseIsoDate(iso)) !== undefined;
}

export function isWorkingDay(iso: string, policy: DeadlinePolicy): boolean {
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !isPublicHoliday(iso, policy.country, policy.subdivision);
}

export function firstWorkingDayOnOrAfter(iso: string, policy: DeadlinePolicy): string {
  let day = iso;
  while (!isWorkingDay(day, policy)) day = plusDays(day, 1);
  return day;
}

export function workingDaysBetween(afterIso: string, untilIso: string, policy: DeadlinePolicy): number {
  let count = 0;
  for (let day = plusDays(afterIso, 1); day <= untilIso; day = plusDays(day, 1)) if (isWorkingDay(day, policy)) count += 1;
  return count;
}
