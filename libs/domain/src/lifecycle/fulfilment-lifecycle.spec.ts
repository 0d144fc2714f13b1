import {
  applyFulfilmentCommand,
  FulfilmentCommand,
  fulfilmentAllows,
  FulfilmentState,
  followDueDate,
  IllegalFulfilmentTransitionError,
  rejectionReasonOfReply,
} from './fulfilment-lifecycle';

const at = (status: FulfilmentState['status']): FulfilmentState => ({ status });
const walk = (state: FulfilmentState, ...commands: FulfilmentCommand[]) => commands.reduce(applyFulfilmentCommand, state);

describe('fulfilment lifecycle', () => {
  it('starts when the request is in progress, reports the reply ready, and delivers it only once the request is completed', () => {
    const ready = walk(at('received'), { kind: 'start' }, { kind: 'reply-built' });
    expect(ready).toEqual({ status: 'reply-ready' });
    expect(walk(ready, { kind: 'deliver' })).toEqual({ status: 'completed' });
    expect(() => walk(at('collecting'), { kind: 'deliver' })).toThrow(IllegalFulfilmentTransitionError);
  });

  it('holds the reply for review; the DPO approves it, asks the systems again, or refuses it', () => {
    const review = walk(at('received'), { kind: 'start' }, { kind: 'submit-for-review' });
    expect(review).toEqual({ status: 'awaiting-review' });
    expect(walk(review, { kind: 'reply-built' })).toEqual({ status: 'reply-ready' });
    expect(walk(review, { kind: 'collect-again' })).toEqual({ status: 'collecting' });
    expect(walk(review, { kind: 'refuse-reply' })).toEqual({ status: 'rejected' });
  });

  it('stops at any step before delivery when the request is cancelled or rejected, and never after', () => {
    for (const status of ['received', 'collecting', 'awaiting-review', 'reply-ready', 'not-handled'] as const) {
      expect(walk(at(status), { kind: 'stop', outcome: 'cancelled' })).toEqual({ status: 'cancelled' });
    }
    expect(walk({ status: 'held', heldFrom: 'reply-ready' }, { kind: 'stop', outcome: 'rejected' })).toEqual({ status: 'rejected' });
    for (const status of ['completed', 'rejected', 'cancelled'] as const) {
      expect(fulfilmentAllows(at(status), { kind: 'stop', outcome: 'cancelled' })).toBe(false);
    }
  });

  it('holds while the request is paused, allows no decision meanwhile, and resumes where it was', () => {
    const held = walk(at('awaiting-review'), { kind: 'hold' });
    expect(held).toEqual({ status: 'held', heldFrom: 'awaiting-review' });
    for (const kind of ['reply-built', 'refuse-reply', 'deliver', 'submit-for-review', 'hold'] as const) {
      expect(fulfilmentAllows(held, { kind })).toBe(false);
    }
    expect(walk(held, { kind: 'release' })).toEqual({ status: 'awaiting-review' });
    expect(() => walk(at('collecting'), { kind: 'release' })).toThrow(/collecting cannot release/);
  });

  it('approving a reply whose request was cancelled is refused, naming the state', () => {
    const cancelled = walk(at('awaiting-review'), { kind: 'stop', outcome: 'cancelled' });
    expect(() => walk(cancelled, { kind: 'reply-built' })).toThrow(
      expect.objectContaining({ name: 'IllegalFulfilmentTransitionError', from: 'cancelled', command: 'reply-built' }),
    );
  });

  it('merges a late result into a new version only once the reply was delivered', () => {
    expect(walk(at('completed'), { kind: 'redeliver' })).toEqual({ status: 'completed' });
    expect(fulfilmentAllows(at('reply-ready'), { kind: 'redeliver' })).toBe(false);
  });

  it('leaves a request type it does not fulfil to the DPO, from received only', () => {
    expect(walk(at('received'), { kind: 'leave-to-dpo' })).toEqual({ status: 'not-handled' });
    expect(fulfilmentAllows(at('collecting'), { kind: 'leave-to-dpo' })).toBe(false);
  });

  it('gives intake the lifecycle reason of a refused reply', () => {
    expect(rejectionReasonOfReply('legal-exception')).toBe('legal-exemption');
    expect(rejectionReasonOfReply('identity-doubt')).toBe('identity-not-verified');
    expect(rejectionReasonOfReply('rights-of-others')).toBe('rights-of-others');
  });
});

describe('collection timeouts follow the due date', () => {
  const day = 86_400_000;
  const now = new Date('2026-03-10T00:00:00Z');
  const due = new Date('2026-04-10T00:00:00Z');

  it('move by as much as the due date moved: the days of a pause', () => {
    const respondBy = new Date('2026-03-13T00:00:00Z');
    const resumedDue = new Date(due.getTime() + 5 * day);
    expect(followDueDate(respondBy, due, resumedDue, 7, now)).toEqual(new Date('2026-03-18T00:00:00Z'));
  });

  it('move with an extension, never past the margin before the new due date', () => {
    const respondBy = new Date('2026-04-03T00:00:00Z');
    const extended = new Date('2026-06-10T00:00:00Z');
    expect(followDueDate(respondBy, due, extended, 7, now)).toEqual(new Date('2026-06-03T00:00:00Z'));
    expect(followDueDate(respondBy, due, new Date('2026-04-05T00:00:00Z'), 7, now)).toEqual(new Date('2026-03-29T00:00:00Z'));
  });

  it('never fall in the past', () => {
    const earlier = new Date('2026-03-12T00:00:00Z');
    expect(followDueDate(new Date('2026-03-13T00:00:00Z'), due, earlier, 7, now)).toEqual(new Date(now.getTime() + 60_000));
  });
});
