import type { LifecycleStatus } from '@dsar/domain';
import type { OpenDsrRequestStatus } from './opendsr.constants';

/**
 * §8 knows four statuses; the platform's lifecycle knows more. `pending` is "a well formed
 * request has been received", `in_progress` "currently being acted on". The platform's
 * identity-verification steps happen before any fulfilment, so they are still pending.
 * A pause keeps a request that has been accepted and is held: it is acted on, not new.
 * OpenDSR has no rejection: a rejected request ends without being fulfilled, which the
 * specification can only say as `cancelled` (see README.md, "Ambiguities").
 */
const STATUS_MAP: Record<LifecycleStatus, OpenDsrRequestStatus> = {
  received: 'pending',
  'awaiting-verification': 'pending',
  verified: 'pending',
  'in-progress': 'in_progress',
  'awaiting-dpo-review': 'in_progress',
  paused: 'in_progress',
  completed: 'completed',
  rejected: 'cancelled',
  cancelled: 'cancelled',
};

export function toOpenDsrStatus(status: LifecycleStatus): OpenDsrRequestStatus {
  return STATUS_MAP[status];
}

/** §8.5: callbacks go out on a change of the OpenDSR status, not on every platform move. */
export function isOpenDsrStatusChange(previous: LifecycleStatus | undefined, next: LifecycleStatus): boolean {
  return previous === undefined || toOpenDsrStatus(previous) !== toOpenDsrStatus(next);
}

/** RFC 3339 in UTC at second precision, as in the specification's examples. */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
