import { DeadlineRuleError } from './deadline-rule-error';
import { noon, schedule } from './deadline-spec-helpers';

// EDPB Guidelines 01/2022 §159: the clock may stop while identity information or a
// clarification asked without undue delay is awaited. Germany, Europe/Berlin.
describe('EU GDPR: pauses and resumptions', () => {
  it('moves the due date by the calendar days the clock stood still', () => {
    // Received Thursday 5 March 2026; identity asked on 6 March, received on 16 March: 10 days.
    const result = schedule('eu-gdpr', '2026-03-05', {
      pauses: [{ from: noon('2026-03-06'), to: noon('2026-03-16'), cause: 'awaiting-identity' }],
    });
    expect(result.pausedDays).toBe(10);
    // 5 April + 10 days = 15 April, a Wednesday (the Easter holidays no longer matter).
    expect(result.due).toMatchObject({ localDate: '2026-04-15', rule: 'eu-gdpr:art-12-3:one-month' });
    expect(result.extensionNoticeBy?.localDate).toBe('2026-04-15');
  });

  it('moves the shifted last day to a working day', () => {
    // 5 March + 1 month = 5 April; a clarification awaited 2 days: 7 April, a Tuesday.
    const twoDays = schedule('eu-gdpr', '2026-03-05', {
      pauses: [{ from: noon('2026-03-09'), to: noon('2026-03-11'), cause: 'awaiting-clarification' }],
    });
    expect(twoDays.due.localDate).toBe('2026-04-07');
    // A single day lands on Easter Monday: the next working day is Tuesday 7 April.
    const oneDay = schedule('eu-gdpr', '2026-03-05', {
      pauses: [{ from: noon('2026-03-09'), to: noon('2026-03-10'), cause: 'awaiting-clarification' }],
    });
    expect(oneDay.due).toMatchObject({ localDate: '2026-04-07', movedFrom: { localDate: '2026-04-06' } });
  });

  it('counts overlapping pauses once', () => {
    const result = schedule('eu-gdpr', '2026-06-01', {
      pauses: [
        { from: noon('2026-06-02'), to: noon('2026-06-08'), cause: 'awaiting-identity' },
        { from: noon('2026-06-05'), to: noon('2026-06-10'), cause: 'awaiting-clarification' },
        { from: noon('2026-06-20'), to: noon('2026-06-22'), cause: 'awaiting-clarification' },
      ],
    });
    expect(result.pausedDays).toBe(8 + 2);
    expect(result.due.localDate).toBe('2026-07-13'); // 1 July + 10 = 11 July, a Saturday
  });

  it('counts a pause still open until asOf, and says since when the clock is stopped', () => {
    const open = { from: noon('2026-06-03'), cause: 'awaiting-identity' as const };
    const stillWaiting = schedule('eu-gdpr', '2026-06-01', { pauses: [open], asOf: noon('2026-06-13') });
    expect(stillWaiting.pausedDays).toBe(10);
    expect(stillWaiting.due.localDate).toBe('2026-07-13'); // 1 July + 10 = 11 July, a Saturday
    expect(stillWaiting.clockStoppedSince).toEqual(open.from);
    // Without asOf, the open pause counts no day yet: the earliest date it can be.
    const now = schedule('eu-gdpr', '2026-06-01', { pauses: [open] });
    expect(now.pausedDays).toBe(0);
    expect(now.due.localDate).toBe('2026-07-01');
    expect(now.clockStoppedSince).toEqual(open.from);
  });

  it('does not stop the clock while a fee is awaited', () => {
    const pause = { from: noon('2026-06-02'), to: noon('2026-06-12'), cause: 'awaiting-fee' as const };
    const result = schedule('eu-gdpr', '2026-06-01', { pauses: [pause] });
    expect(result.pausedDays).toBe(0);
    expect(result.due.localDate).toBe('2026-07-01');
    expect(result.ignoredPauses).toEqual([{ pause, code: 'pause-not-allowed', reason: expect.stringContaining('EDPB') }]);
  });

  it('ignores a pause that starts after the due date', () => {
    const late = { from: noon('2026-07-02'), to: noon('2026-07-09'), cause: 'awaiting-clarification' as const };
    const result = schedule('eu-gdpr', '2026-06-01', { pauses: [late] });
    expect(result.due.localDate).toBe('2026-07-01');
    expect(result.ignoredPauses).toMatchObject([{ pause: late, code: 'pause-after-due-date' }]);
  });

  it('counts a pause that starts on a day the earlier pauses added', () => {
    const result = schedule('eu-gdpr', '2026-06-01', {
      pauses: [
        { from: noon('2026-06-02'), to: noon('2026-06-05'), cause: 'awaiting-identity' }, // due 1 July → 4 July (Sat) → 6 July
        { from: noon('2026-07-03'), to: noon('2026-07-06'), cause: 'awaiting-clarification' },
      ],
    });
    expect(result.pausedDays).toBe(6);
    expect(result.due.localDate).toBe('2026-07-07');
  });

  it('moves the extended date by the same pauses', () => {
    const result = schedule('eu-gdpr', '2026-06-01', {
      pauses: [{ from: noon('2026-06-02'), to: noon('2026-06-09'), cause: 'awaiting-identity' }],
      extension: { decidedAt: noon('2026-07-06'), notifiedAt: noon('2026-07-08'), reasons: 'complex' },
    });
    expect(result.originalDue.localDate).toBe('2026-07-08');
    // 1 July + 2 months = 1 September, + 7 days = 8 September (Tuesday).
    expect(result.due.localDate).toBe('2026-09-08');
    expect(result.pausedDays).toBe(7);
  });

  it('throws instead of recording when asked to', () => {
    const call = () =>
      schedule('eu-gdpr', '2026-06-01', {
        pauses: [{ from: noon('2026-06-02'), to: noon('2026-06-12'), cause: 'awaiting-fee' }],
        onRuleViolation: 'throw',
      });
    expect(call).toThrow(DeadlineRuleError);
    expect(call).toThrow(expect.objectContaining({ code: 'pause-not-allowed' }));
  });

  it('rejects impossible pauses', () => {
    expect(() =>
      schedule('eu-gdpr', '2026-06-01', { pauses: [{ from: noon('2026-06-05'), to: noon('2026-06-04'), cause: 'awaiting-identity' }] }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() =>
      schedule('eu-gdpr', '2026-06-01', { pauses: [{ from: noon('2026-05-30'), to: noon('2026-06-04'), cause: 'awaiting-identity' }] }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});
