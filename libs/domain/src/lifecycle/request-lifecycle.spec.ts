import { applyLifecycleCommand, allowedCommands, IllegalTransitionError, LifecycleState, nextStepForRequester } from './request-lifecycle';

const at = (status: LifecycleState['status']): LifecycleState => ({ status });

describe('request lifecycle', () => {
  it('walks the happy path from received to completed, through a DPO review', () => {
    let state = at('received');
    for (const kind of ['request-verification', 'verify', 'start-fulfilment', 'submit-for-review', 'complete'] as const) {
      state = applyLifecycleCommand(state, { kind });
    }
    expect(state).toEqual({ status: 'completed' });
  });

  it('pauses with a cause and resumes where it was', () => {
    const paused = applyLifecycleCommand(at('in-progress'), { kind: 'pause', cause: 'awaiting-clarification' });
    expect(paused).toEqual({ status: 'paused', pausedFrom: 'in-progress', pauseCause: 'awaiting-clarification' });
    expect(nextStepForRequester(paused)).toBe('answer-clarification');
    expect(applyLifecycleCommand(paused, { kind: 'resume' })).toEqual({ status: 'in-progress' });
  });

  it('rejects with a reason code from any active or paused state', () => {
    const paused: LifecycleState = { status: 'paused', pausedFrom: 'awaiting-verification', pauseCause: 'awaiting-identity' };
    expect(applyLifecycleCommand(paused, { kind: 'reject', reason: 'identity-not-verified' })).toEqual({
      status: 'rejected',
      rejection: { reason: 'identity-not-verified', explanation: undefined },
    });
  });

  it.each([
    ['received', 'complete'],
    ['awaiting-verification', 'start-fulfilment'],
    ['verified', 'verify'],
    ['completed', 'cancel'],
    ['rejected', 'reject'],
    ['cancelled', 'resume'],
    ['in-progress', 'resume'],
    ['paused', 'pause'],
    ['completed', 'pause'],
  ] as const)('refuses, from %s, to %s', (status, kind) => {
    const command =
      kind === 'reject' ? { kind, reason: 'excessive' as const } : kind === 'pause' ? { kind, cause: 'awaiting-fee' as const } : { kind };
    expect(() => applyLifecycleCommand(at(status), command)).toThrow(IllegalTransitionError);
  });

  it('offers no command at all once a request is final', () => {
    expect(allowedCommands(at('completed'))).toEqual([]);
    expect(allowedCommands(at('cancelled'))).toEqual([]);
    expect(allowedCommands(at('awaiting-verification'))).toEqual(['verify', 'reject', 'cancel', 'pause']);
  });
});
