import type { ReplyRejectionReason } from '@dsar/contracts';

/**
 * The fulfilment state machine: the reply to one request, following the request's lifecycle
 * that intake owns. Fulfilment knows a request once it is received, starts when intake puts it
 * `in-progress`, collects from every system in scope, may hold the reply for the DPO's review,
 * and reports the reply ready; intake then completes the request, and only then is the reply
 * delivered (download link opened, the requester told). It stops when intake cancels or rejects
 * the request (or the DPO refuses the reply in review), and holds while the request is paused.
 */

export const FULFILMENT_STATUSES = [
  'received',
  'collecting',
  'awaiting-review',
  'reply-ready',
  'completed',
  'rejected',
  'cancelled',
  'not-handled',
  'held',
] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** What a paused request returns to when intake resumes it. */
export const HOLDABLE_FULFILMENT_STATUSES = ['received', 'collecting', 'awaiting-review', 'reply-ready'] as const;
export type HoldableFulfilmentStatus = (typeof HOLDABLE_FULFILMENT_STATUSES)[number];

/** No further work: the reply went out, or the request ended otherwise. */
export const FINAL_FULFILMENT_STATUSES = ['completed', 'rejected', 'cancelled'] as const;

export type FulfilmentCommand =
  /** Intake put the request in progress. */
  | { kind: 'start' }
  /** A request type whose reply fulfilment does not build. */
  | { kind: 'leave-to-dpo' }
  | { kind: 'submit-for-review' }
  /** The DPO asks the silent or failed systems again. */
  | { kind: 'collect-again' }
  /** The reply is built and stored: after collection, or on the DPO's approval. */
  | { kind: 'reply-built' }
  /** The DPO refused the reply in review. */
  | { kind: 'refuse-reply' }
  /** Intake completed the request: the reply goes to the requester. */
  | { kind: 'deliver' }
  /** A late result after delivery: a new version of the reply goes out. */
  | { kind: 'redeliver' }
  /** Intake cancelled or rejected the request. */
  | { kind: 'stop'; outcome: 'cancelled' | 'rejected' }
  /** Intake paused the request. */
  | { kind: 'hold' }
  /** Intake resumed the request. */
  | { kind: 'release' };

export type FulfilmentCommandKind = FulfilmentCommand['kind'];

export interface FulfilmentState {
  status: FulfilmentStatus;
  /** Where a held fulfilment returns on release. */
  heldFrom?: HoldableFulfilmentStatus;
}

export class IllegalFulfilmentTransitionError extends Error {
  readonly code = 'illegal-fulfilment-transition';

  constructor(
    readonly from: FulfilmentStatus,
    readonly command: FulfilmentCommandKind,
  ) {
    super(`a fulfilment that is ${from} cannot ${command.replace(/-/g, ' ')}`);
    this.name = 'IllegalFulfilmentTransitionError';
  }
}

const MOVES: Partial<Record<FulfilmentCommandKind, Partial<Record<FulfilmentStatus, FulfilmentStatus>>>> = {
  start: { received: 'collecting' },
  'leave-to-dpo': { received: 'not-handled' },
  'submit-for-review': { collecting: 'awaiting-review' },
  'collect-again': { 'awaiting-review': 'collecting' },
  'reply-built': { collecting: 'reply-ready', 'awaiting-review': 'reply-ready' },
  'refuse-reply': { 'awaiting-review': 'rejected' },
  deliver: { 'reply-ready': 'completed' },
  redeliver: { completed: 'completed' },
};

export function isFinalFulfilment(status: FulfilmentStatus): boolean {
  return (FINAL_FULFILMENT_STATUSES as readonly string[]).includes(status);
}

function isHoldable(status: FulfilmentStatus): status is HoldableFulfilmentStatus {
  return (HOLDABLE_FULFILMENT_STATUSES as readonly string[]).includes(status);
}

/** Applies a command, or throws IllegalFulfilmentTransitionError when the state does not allow it. */
export function applyFulfilmentCommand(state: FulfilmentState, command: FulfilmentCommand): FulfilmentState {
  const refuse = () => new IllegalFulfilmentTransitionError(state.status, command.kind);
  switch (command.kind) {
    case 'stop':
      if (isFinalFulfilment(state.status)) throw refuse();
      return { status: command.outcome };
    case 'hold':
      if (!isHoldable(state.status)) throw refuse();
      return { status: 'held', heldFrom: state.status };
    case 'release':
      if (state.status !== 'held' || !state.heldFrom) throw refuse();
      return { status: state.heldFrom };
    default: {
      const next = MOVES[command.kind]?.[state.status];
      if (!next) throw refuse();
      return { status: next };
    }
  }
}

/** Whether the command applies in this state, without applying it. */
export function fulfilmentAllows(state: FulfilmentState, command: FulfilmentCommand): boolean {
  try {
    applyFulfilmentCommand(state, command);
    return true;
  } catch (error) {
    if (error instanceof IllegalFulfilmentTransitionError) return false;
    throw error;
  }
}

/** The codes a DPO refuses a reply with in review (`incomplete-collection` asks the systems again instead). */
export const REPLY_REJECTION_CODES = [
  'manifestly-unfounded',
  'excessive',
  'rights-of-others',
  'legal-exception',
  'identity-doubt',
  'incomplete-collection',
] as const;
export type ReplyRejectionCode = (typeof REPLY_REJECTION_CODES)[number];

const REJECTION_REASON_OF: Record<Exclude<ReplyRejectionCode, 'incomplete-collection'>, ReplyRejectionReason> = {
  'manifestly-unfounded': 'manifestly-unfounded',
  excessive: 'excessive',
  'rights-of-others': 'rights-of-others',
  'legal-exception': 'legal-exemption',
  'identity-doubt': 'identity-not-verified',
};

/** The reason intake rejects the request with when the DPO refuses its reply. */
export function rejectionReasonOfReply(code: Exclude<ReplyRejectionCode, 'incomplete-collection'>): ReplyRejectionReason {
  return REJECTION_REASON_OF[code];
}

/**
 * A collection timeout that follows the request's due date: moved by as much as the due date
 * moved (an extension, the days of a pause), never past the margin kept before the new due date,
 * and never in the past.
 */
export function followDueDate(respondBy: Date, previousDueAt: Date, dueAt: Date, marginDays: number, now: Date): Date {
  const moved = respondBy.getTime() + (dueAt.getTime() - previousDueAt.getTime());
  const byDueDate = dueAt.getTime() - marginDays * 86_400_000;
  return new Date(Math.max(now.getTime() + 60_000, Math.min(moved, byDueDate)));
}
