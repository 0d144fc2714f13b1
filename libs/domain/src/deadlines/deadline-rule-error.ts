/**
 * Why the calculator refused something. Input errors (`invalid-*`, `unknown-*`) are always
 * thrown. Rule violations (`extension-*`, `pause-*`) are recorded on the schedule by
 * default (`extension.accepted: false` with `refusalCode`, `ignoredPauses[].code`) and
 * thrown only when the caller asks for `onRuleViolation: 'throw'`.
 */
export const DEADLINE_RULE_CODES = [
  'invalid-input',
  'invalid-time-zone',
  'unknown-country',
  'unknown-regime',
  'unknown-request-type',
  'extension-not-allowed',
  'extension-notified-too-late',
  'extension-reasons-missing',
  'extension-new-date-missing',
  'extension-new-date-not-later',
  'pause-not-allowed',
  'pause-after-due-date',
] as const;
export type DeadlineRuleCode = (typeof DEADLINE_RULE_CODES)[number];

export class DeadlineRuleError extends Error {
  constructor(
    readonly code: DeadlineRuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeadlineRuleError';
  }
}
