import type { Regime, RequestType } from '../vocabulary';
import type { DeadlineRuleCode } from './deadline-rule-error';

export interface DeadlinePolicy {
  regime: Regime;
  /** ISO 3166-1 alpha-2 country (+ optional subdivision, e.g. 'US' + 'CA') whose public holidays count. */
  country: string;
  /** ISO 3166-2 subdivision code, with or without the country prefix ('CA' or 'US-CA'). */
  subdivision?: string;
  /** IANA time zone of the controller, e.g. 'Europe/Paris': calendar days are counted there. */
  timeZone: string;
  /** Optional shorter internal target, in calendar days from the start of the clock (a whole number ≥ 0). */
  internalTargetDays?: number;
}

export const PAUSE_CAUSES = ['awaiting-identity', 'awaiting-clarification', 'awaiting-fee'] as const;
export type PauseCause = (typeof PAUSE_CAUSES)[number];

/** The clock stopped at `from` and resumed at `to`; without `to` it is still stopped. */
export interface Pause {
  from: Date;
  to?: Date;
  cause: PauseCause;
}

export interface Extension {
  decidedAt: Date;
  notifiedAt: Date;
  reasons: string;
  /** Switzerland only: the new date told to the person (ignored by the other regimes). */
  newDueDate?: Date;
}

export interface ComputedDate {
  /** The end of that local day, as an instant. */
  at: Date;
  /** YYYY-MM-DD in the policy's time zone. */
  localDate: string;
  /** Stable id of the rule that produced the date, e.g. 'eu-gdpr:art-12-3:one-month'. */
  rule: string;
  /** Human citation, e.g. 'GDPR Art. 12(3); Reg. 1182/71'. */
  basis: string;
  /** Set when the last day of the period was not a working day and the date moved forward. */
  movedFrom?: { localDate: string; reason: string };
}

/** What started the clock: the receipt itself, or the later event the regime waits for. */
export type ClockStart = 'receipt' | 'identity' | 'fee' | 'fee-confirmation-period';

export interface IgnoredPause {
  pause: Pause;
  code: Extract<DeadlineRuleCode, 'pause-not-allowed' | 'pause-after-due-date'>;
  reason: string;
}

export interface DeadlineSchedule {
  regime: Regime;
  clockStartedAt: Date;
  clockStartedBy: ClockStart;
  /** CCPA: receipt confirmed within 10 business days. */
  acknowledgeBy?: ComputedDate;
  /** LGPD: the simplified answer is due at once (shown as the end of the day of receipt). */
  simplifiedAnswerBy?: ComputedDate;
  /** Switzerland: the end of the 10-day period the person has to confirm a request that carries a fee. */
  feeConfirmationBy?: ComputedDate;
  /** The last day to decide and notify an extension (the end of the first period); absent when none is possible. */
  extensionNoticeBy?: ComputedDate;
  /** The date in force: the extended one when an extension was accepted. */
  due: ComputedDate;
  /** The first period's due date (pauses included, extension not). */
  originalDue: ComputedDate;
  internalTarget?: ComputedDate;
  /** Calendar days by which pauses moved the date in force. */
  pausedDays: number;
  /** The clock is stopped since this instant (an open pause); the due date counts that pause until `asOf`. */
  clockStoppedSince?: Date;
  /** Pauses the rule set does not count, with the reason. */
  ignoredPauses: IgnoredPause[];
  extension?: {
    /** The latest due date the extension allows (the new date told, in Switzerland). */
    maxDue: ComputedDate;
    accepted: boolean;
    /** Why the extension was refused, for people. */
    refusal?: string;
    refusalCode?: Extract<DeadlineRuleCode, `extension-${string}`>;
  };
}

export interface ComputeDeadlinesInput {
  policy: DeadlinePolicy;
  requestType: RequestType;
  receivedAt: Date;
  /** UK: identity information reasonably asked for (Art. 12(6)) arrived; the clock starts then if later than receipt. */
  identityReceivedAt?: Date;
  /** UK: the fee, where one is due, arrived; the clock starts then if later than receipt. */
  feeReceivedAt?: Date;
  /** Switzerland: the person was told of a fee (DSV art. 19); the clock starts after the 10-day confirmation period. */
  feeAnnouncedAt?: Date;
  pauses?: Pause[];
  extension?: Extension;
  /** France: erasure of data collected while the subject was a minor (LIL art. 51-II). */
  subjectWasMinorAtCollection?: boolean;
  /** Counts an open pause (no `to`) up to this instant; without it, an open pause counts no day yet. */
  asOf?: Date;
  /** 'record' (default): refusals and ignored pauses are reported on the schedule; 'throw': DeadlineRuleError. */
  onRuleViolation?: 'record' | 'throw';
}
