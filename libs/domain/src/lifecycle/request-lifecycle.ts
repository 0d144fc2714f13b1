import type { PauseCause } from '../deadlines/deadline-types';

/**
 * The request state machine. A request is received, waits for the requester to prove
 * identity, is verified, fulfilled (possibly through a DPO review) and ends completed,
 * rejected with a reason code, or cancelled by the subject. Any active state may be
 * paused with a cause and resumed to where it was. Every other move is refused.
 */

export const ACTIVE_STATUSES = ['received', 'awaiting-verification', 'verified', 'in-progress', 'awaiting-dpo-review'] as const;
export const TERMINAL_STATUSES = ['completed', 'rejected', 'cancelled'] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
export type LifecycleStatus = ActiveStatus | 'paused' | TerminalStatus;
export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = [...ACTIVE_STATUSES, 'paused', ...TERMINAL_STATUSES];

// A pause has the deadline calculator's causes: it stops the clock where the regime allows it.
export type { PauseCause };

export const REJECTION_REASONS = [
  'identity-not-verified',
  'requester-not-authorised',
  'manifestly-unfounded',
  'excessive',
  'no-data-held',
  'legal-exemption',
  'right-not-applicable',
  /** Art. 15(4): the reply would adversely affect the rights and freedoms of others. */
  'rights-of-others',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type LifecycleCommand =
  | { kind: 'request-verification' }
  | { kind: 'verify' }
  | { kind: 'start-fulfilment' }
  | { kind: 'submit-for-review' }
  | { kind: 'complete' }
  | { kind: 'reject'; reason: RejectionReason; explanation?: string }
  | { kind: 'cancel' }
  | { kind: 'pause'; cause: PauseCause }
  | { kind: 'resume' };

export type LifecycleCommandKind = LifecycleCommand['kind'];

export interface LifecycleState {
  status: LifecycleStatus;
  /** Where a paused request returns on resumption. */
  pausedFrom?: ActiveStatus;
  pauseCause?: PauseCause;
  rejection?: { reason: RejectionReason; explanation?: string };
}

export class IllegalTransitionError extends Error {
  readonly code = 'illegal-transition';

  constructor(
    readonly from: LifecycleStatus,
    readonly command: LifecycleCommandKind,
  ) {
    super(`a request that is ${from} cannot ${command.replace(/-/g, ' ')}`);
    this.name = 'IllegalTransitionError';
  }
}

const MOVES: Partial<Record<LifecycleCommandKind, Partial<Record<LifecycleStatus, ActiveStatus | TerminalStatus>>>> = {
  'request-verification': { received: 'awaiting-verification' },
  verify: { received: 'verified', 'awaiting-verification': 'verified' },
  'start-fulfilment': { verified: 'in-progress' },
  'submit-for-review': { 'in-progress': 'awaiting-dpo-review' },
  complete: { 'in-progress': 'completed', 'awaiting-dpo-review': 'completed' },
};

export function isTerminal(status: LifecycleStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

function isActive(status: LifecycleStatus): status is ActiveStatus {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

/** Applies a command, or throws IllegalTransitionError when the state does not allow it. */
export function applyLifecycleCommand(state: LifecycleState, command: LifecycleCommand): LifecycleState {
  const refuse = () => new IllegalTransitionError(state.status, command.kind);
  switch (command.kind) {
    case 'pause':
      if (!isActive(state.status)) throw refuse();
      return { status: 'paused', pausedFrom: state.status, pauseCause: command.cause };
    case 'resume':
      if (state.status !== 'paused' || !state.pausedFrom) throw refuse();
      return { status: state.pausedFrom };
    case 'reject':
      if (isTerminal(state.status)) throw refuse();
      return { status: 'rejected', rejection: { reason: command.reason, explanation: command.explanation } };
    case 'cancel':
      if (isTerminal(state.status)) throw refuse();
      return { status: 'cancelled' };
    default: {
      const next = MOVES[command.kind]?.[state.status];
      if (!next) throw refuse();
      return { status: next };
    }
  }
}

export function allowedCommands(state: LifecycleState): LifecycleCommandKind[] {
  const probes: LifecycleCommand[] = [
    { kind: 'request-verification' },
    { kind: 'verify' },
    { kind: 'start-fulfilment' },
    { kind: 'submit-for-review' },
    { kind: 'complete' },
    { kind: 'reject', reason: 'manifestly-unfounded' },
    { kind: 'cancel' },
    { kind: 'pause', cause: 'awaiting-clarification' },
    { kind: 'resume' },
  ];
  return probes
    .filter((command) => {
      try {
        applyLifecycleCommand(state, command);
        return true;
      } catch {
        return false;
      }
    })
    .map((command) => command.kind);
}

/** What the subject is expected to do next, shown by the tracking endpoint. */
export function nextStepForRequester(state: LifecycleState): string {
  switch (state.status) {
    case 'received':
    case 'awaiting-verification':
      return 'confirm-identity';
    case 'paused':
      return state.pauseCause === 'awaiting-fee'
        ? 'pay-fee'
        : state.pauseCause === 'awaiting-clarification'
          ? 'answer-clarification'
          : 'provide-identity-information';
    case 'completed':
      return 'read-answer';
    default:
      return 'none';
  }
}
