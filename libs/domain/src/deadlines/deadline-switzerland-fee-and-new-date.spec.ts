import { noon, schedule } from './deadline-spec-helpers';

// Switzerland revFADP / DSV art. 18-19, Canton of Zurich, Europe/Zurich.
describe('Switzerland: 30 days; a fee delays the start by 10 days; an open-ended extension', () => {
  it('is due 30 days after receipt, even on the Swiss national day', () => {
    const result = schedule('ch-fadp', '2026-07-02');
    expect(result.due).toMatchObject({ localDate: '2026-08-01', rule: 'ch-fadp:dsv-18:30-days' });
    expect(result.extensionNoticeBy).toMatchObject({ localDate: '2026-08-01', rule: 'ch-fadp:dsv-18:extension-notice-within-30-days' });
  });

  it('starts the 30 days after the 10 days the person has to confirm a fee', () => {
    const result = schedule('ch-fadp', '2026-07-02', { feeAnnouncedAt: noon('2026-07-03') });
    expect(result.feeConfirmationBy).toMatchObject({ localDate: '2026-07-13', rule: 'ch-fadp:dsv-19:fee-confirmation-10-days' });
    expect(result.clockStartedBy).toBe('fee-confirmation-period');
    expect(result.clockStartedAt.toISOString()).toBe('2026-07-13T21:59:59.999Z');
    expect(result.due.localDate).toBe('2026-08-12');
  });

  it('moves the due date to the new date told to the person', () => {
    const result = schedule('ch-fadp', '2026-07-02', {
      extension: {
        decidedAt: noon('2026-07-20'),
        notifiedAt: noon('2026-07-21'),
        reasons: 'archives to search',
        newDueDate: noon('2026-09-15'),
      },
    });
    expect(result.due).toMatchObject({ localDate: '2026-09-15', rule: 'ch-fadp:dsv-18:new-date-told' });
    expect(result.originalDue.localDate).toBe('2026-08-01');
  });

  it('refuses an extension without a new date, with an earlier one, or told too late', () => {
    const base = { decidedAt: noon('2026-07-20'), notifiedAt: noon('2026-07-21'), reasons: 'archives to search' };
    expect(schedule('ch-fadp', '2026-07-02', { extension: base }).extension).toMatchObject({
      accepted: false,
      refusalCode: 'extension-new-date-missing',
    });
    expect(schedule('ch-fadp', '2026-07-02', { extension: { ...base, newDueDate: noon('2026-07-30') } }).extension).toMatchObject({
      accepted: false,
      refusalCode: 'extension-new-date-not-later',
    });
    const late = schedule('ch-fadp', '2026-07-02', {
      extension: { ...base, notifiedAt: noon('2026-08-02'), newDueDate: noon('2026-09-15') },
    });
    expect(late.extension).toMatchObject({ accepted: false, refusalCode: 'extension-notified-too-late' });
    expect(late.due.localDate).toBe('2026-08-01');
  });

  it('does not stop the clock', () => {
    const result = schedule('ch-fadp', '2026-07-02', {
      pauses: [{ from: noon('2026-07-03'), to: noon('2026-07-08'), cause: 'awaiting-identity' }],
    });
    expect(result.due.localDate).toBe('2026-08-01');
    expect(result.ignoredPauses).toHaveLength(1);
  });
});
