import { noon, schedule } from './deadline-spec-helpers';

// California CCPA/CPRA, US federal holidays, America/Los_Angeles.
describe('CCPA: 45 calendar days, receipt confirmed within 10 business days', () => {
  it('skips Thanksgiving when counting business days', () => {
    // Received Friday 20 November 2026; Thanksgiving is Thursday 26 November.
    const result = schedule('us-ca-ccpa', '2026-11-20');
    expect(result.acknowledgeBy).toMatchObject({ localDate: '2026-12-07', rule: 'us-ca-ccpa:7021-a:acknowledge-10-business-days' });
    expect(result.due).toMatchObject({ localDate: '2027-01-04', rule: 'us-ca-ccpa:7021-b:45-days' });
    expect(result.extensionNoticeBy).toMatchObject({ localDate: '2027-01-04', rule: 'us-ca-ccpa:7021-b:extension-notice-within-45-days' });
  });

  it('adds California holidays when the policy names the state', () => {
    // The day after Thanksgiving is a California state holiday, not a federal one.
    expect(schedule('us-ca-ccpa', '2026-11-20', { policy: { subdivision: 'CA' } }).acknowledgeBy?.localDate).toBe('2026-12-08');
  });

  it.each([
    ['2026-06-26', '2026-07-13', 'Independence Day observed on Friday 3 July'],
    ['2026-06-12', '2026-06-29', 'Juneteenth, Friday 19 June'],
    ['2026-12-20', '2027-01-05', 'Christmas Day and New Year’s Day, both Fridays'],
    ['2027-01-08', '2027-01-25', 'Martin Luther King Jr. Day, Monday 18 January 2027'],
  ])('received %s: receipt confirmed by %s (%s)', (received, acknowledgeBy) => {
    expect(schedule('us-ca-ccpa', received).acknowledgeBy?.localDate).toBe(acknowledgeBy);
  });

  it('counts calendar days and does not move a due date off a weekend', () => {
    // Received Wednesday 6 May 2026: day 45 is Saturday 20 June.
    const result = schedule('us-ca-ccpa', '2026-05-06');
    expect(result.due.localDate).toBe('2026-06-20');
    expect(result.due.movedFrom).toBeUndefined();
  });

  it('starts on receipt, whatever the time verification takes', () => {
    const result = schedule('us-ca-ccpa', '2026-05-06', {
      identityReceivedAt: noon('2026-05-20'),
      pauses: [{ from: noon('2026-05-07'), to: noon('2026-05-20'), cause: 'awaiting-identity' }],
    });
    expect(result.due.localDate).toBe('2026-06-20');
    expect(result.pausedDays).toBe(0);
    expect(result.ignoredPauses).toMatchObject([{ code: 'pause-not-allowed', reason: 'us-ca-ccpa does not stop the clock' }]);
  });

  it('extends to 90 days in all when notified within the first 45', () => {
    const result = schedule('us-ca-ccpa', '2026-05-06', {
      // 22:00 on Saturday 20 June in Los Angeles: the last day to notify.
      extension: {
        decidedAt: new Date('2026-06-19T16:00:00Z'),
        notifiedAt: new Date('2026-06-21T05:00:00Z'),
        reasons: 'volume of records',
      },
    });
    expect(result.due).toMatchObject({ localDate: '2026-08-04', rule: 'us-ca-ccpa:7021-b:extended-90-days-in-all' });
    expect(result.originalDue.localDate).toBe('2026-06-20');
  });

  it('refuses an extension notified on day 46', () => {
    const result = schedule('us-ca-ccpa', '2026-05-06', {
      // 01:00 on Sunday 21 June in Los Angeles.
      extension: {
        decidedAt: new Date('2026-06-19T16:00:00Z'),
        notifiedAt: new Date('2026-06-21T08:00:00Z'),
        reasons: 'volume of records',
      },
    });
    expect(result.extension).toMatchObject({
      accepted: false,
      refusalCode: 'extension-notified-too-late',
      maxDue: { localDate: '2026-08-04' },
    });
    expect(result.extension?.refusal).toContain('2026-06-21');
    expect(result.due.localDate).toBe('2026-06-20');
  });
});

describe('CCPA: opting out and limiting take 15 business days, without extension', () => {
  it.each([
    ['objection', 'us-ca-ccpa:7026-f:opt-out-15-business-days'],
    ['consent-withdrawal', 'us-ca-ccpa:7026-f:opt-out-15-business-days'],
    ['restriction', 'us-ca-ccpa:7027-g:limit-15-business-days'],
  ] as const)('%s is due in 15 business days', (requestType, rule) => {
    const result = schedule('us-ca-ccpa', '2026-11-20', { requestType });
    expect(result.due).toMatchObject({ localDate: '2026-12-14', rule });
    expect(result.acknowledgeBy).toBeUndefined();
    expect(result.extensionNoticeBy).toBeUndefined();
  });

  it('refuses an extension of an opt-out', () => {
    const result = schedule('us-ca-ccpa', '2026-11-20', {
      requestType: 'objection',
      extension: { decidedAt: noon('2026-11-23'), notifiedAt: noon('2026-11-23'), reasons: 'backlog' },
    });
    expect(result.extension).toMatchObject({ accepted: false, refusalCode: 'extension-not-allowed' });
    expect(result.due.localDate).toBe('2026-12-14');
  });
});
