export { computeDeadlines } from './compute-deadlines';
export { DEADLINE_RULE_CODES, DeadlineRuleError } from './deadline-rule-error';
export type { DeadlineRuleCode } from './deadline-rule-error';
export { PAUSE_CAUSES } from './deadline-types';
export type {
  ClockStart,
  ComputedDate,
  ComputeDeadlinesInput,
  DeadlinePolicy,
  DeadlineSchedule,
  Extension,
  IgnoredPause,
  Pause,
  PauseCause,
} from './deadline-types';
export { DEADLINE_RULES } from './rule-sets';
