/**
 * What a controller keeps when a subject asks for erasure, and until when: the register's
 * retention rules applied to the dates a system knows about one record. Pure: no clock, no I/O.
 */
import { addMonthsClamped, isoDate, parseIsoDate } from '../deadlines/civil-date';
import { ProcessingRegister, RetentionEvent, RetentionRule } from '../profiles/controller-profile';
import { parseIsoDuration } from '../profiles/durations';

/** Where, in a purpose's retention, a kept record stands: the rule itself, a later stage, a case. */
export interface RetentionStage {
  purpose: string;
  /** Index in the rule's `then` (intermediate archiving), e.g. 0 for the first archive stage. */
  then?: number;
  /** Index in the rule's `cases` (litigation, qualified fraud alert…). */
  case?: number;
}

/** The dates (YYYY-MM-DD) of the events a rule may count from, as the system knows them. */
export type RetentionEventDates = Partial<Record<RetentionEvent, string>>;

export interface KeptBasis {
  /** The text that obliges or allows the controller to keep the data. */
  basis: string;
  /** The purpose (and stage) it is kept for, in words a subject understands. */
  reason: string;
  /** When it will be deleted (YYYY-MM-DD); absent while the ending event has not happened. */
  until?: string;
}

export type RetentionErrorCode = 'unknown-purpose' | 'category-not-in-purpose' | 'unknown-stage' | 'missing-event-date';

export class RetentionError extends Error {
  constructor(
    readonly code: RetentionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RetentionError';
  }
}

/** The rule of a stage: the purpose's retention, one of its `then` stages, or one of its cases. */
export function retentionRuleOf(register: ProcessingRegister, stage: RetentionStage): RetentionRule {
  const purpose = register.purposes.find((p) => p.id === stage.purpose);
  if (!purpose) throw new RetentionError('unknown-purpose', `no purpose "${stage.purpose}" in the register`);
  let rule: RetentionRule | undefined = purpose.retention;
  if (stage.then !== undefined) rule = rule.then?.[stage.then];
  if (rule && stage.case !== undefined) rule = rule.cases?.[stage.case];
  if (!rule) throw new RetentionError('unknown-stage', `purpose "${stage.purpose}" has no such retention stage`);
  return rule;
}

/**
 * The day a financial year ends, for a record dated `date`: the controller's books close on
 * 31 December unless `financialYearEnd` ('MM-DD') says otherwise.
 */
export function financialYearEndAfter(date: string, financialYearEnd = '12-31'): string {
  const year = Number(date.slice(0, 4));
  const closing = `${year}-${financialYearEnd}`;
  return date <= closing ? closing : `${year + 1}-${financialYearEnd}`;
}

/** `start` + an ISO duration (years, months, weeks, days), month ends clamped. */
export function addIsoDuration(start: string, duration: string): string {
  const parts = parseIsoDuration(duration);
  if (!parts) throw new RangeError(`not a retention period: ${duration}`);
  const months = addMonthsClamped(parseIsoDate(start), parts.years * 12 + parts.months);
  return isoDate(months + parts.weeks * 7 + parts.days);
}

/** The date a rule's period ends, or undefined when it runs until an event still to come. */
export function retentionEnd(
  rule: RetentionRule,
  dates: RetentionEventDates,
  options: { financialYearEnd?: string } = {},
): string | undefined {
  if (!rule.period) return undefined;
  const startsAt = rule.startsAt ?? 'collection';
  const known = dates[startsAt];
  if (!known) throw new RetentionError('missing-event-date', `the period counts from "${startsAt}", whose date is not known`);
  const start = startsAt === 'financial-year-end' ? financialYearEndAfter(known, options.financialYearEnd) : known;
  return addIsoDuration(start, rule.period);
}

/**
 * Why and until when records of `category` are kept at `stage` of a purpose's retention.
 * The purpose must cover the category: the register is the only source of retention rules.
 */
export function keptBasis(
  register: ProcessingRegister,
  category: string,
  stage: RetentionStage,
  dates: RetentionEventDates,
  options: { financialYearEnd?: string; language?: string } = {},
): KeptBasis {
  const purpose = register.purposes.find((p) => p.id === stage.purpose);
  if (!purpose) throw new RetentionError('unknown-purpose', `no purpose "${stage.purpose}" in the register`);
  if (!purpose.dataCategories.includes(category)) {
    throw new RetentionError('category-not-in-purpose', `purpose "${purpose.id}" does not cover the category "${category}"`);
  }
  const rule = retentionRuleOf(register, stage);
  const language = (options.language ?? 'en') as keyof typeof purpose.name;
  const name = purpose.name[language] ?? Object.values(purpose.name)[0] ?? purpose.id;
  const caseText = 'when' in rule ? (rule as { when: Record<string, string> }).when : undefined;
  const when = caseText ? (caseText[language] ?? Object.values(caseText)[0]) : undefined;
  const until = retentionEnd(rule, dates, options);
  return { basis: rule.basis, reason: when ? `${name}: ${when}` : name, ...(until ? { until } : {}) };
}

/** The latest of several dates (YYYY-MM-DD), ignoring absent ones. */
export function latestDate(...dates: Array<string | undefined>): string | undefined {
  return dates
    .filter((d): d is string => Boolean(d))
    .sort()
    .pop();
}
