import { IsoDuration } from './controller-profile';

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/**
 * Parses the date part of an ISO 8601 duration ('P10Y', 'P1Y6M', 'P13M', 'P30D'); retention
 * periods have no time part. Returns undefined for anything else, and for a zero duration.
 */
export function parseIsoDuration(value: IsoDuration): DurationParts | undefined {
  const match = ISO_DURATION.exec(value);
  if (!match || value === 'P') return undefined;
  const [years, months, weeks, days] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (years + months + weeks + days === 0) return undefined;
  return { years, months, weeks, days };
}
