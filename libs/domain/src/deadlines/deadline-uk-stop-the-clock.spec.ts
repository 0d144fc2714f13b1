import { noon, schedule } from './deadline-spec-helpers';

// UK GDPR Art. 12A (Data (Use and Access) Act 2025), England's bank holidays, Europe/London.
describe('UK GDPR: the clock starts at the latest of request, identity and fee', () => {
  it('starts on receipt when nothing else is awaited', () => {
    const result = schedule('uk-gdpr', '2026-03-02');
    expect(result.clockStartedBy).toBe('receipt');
    expect(result.due).toMatchObject({ localDate: '2026-04-02', rule: 'uk-gdpr:art-12a:one-month' });
  });

  it('starts when the identity information reasonably asked for arrives', () => {
    const result = schedule('uk-gdpr', '2026-03-02', { identityReceivedAt: noon('2026-03-10') });
    expect(result.clockStartedBy).toBe('identity');
    expect(result.clockStartedAt).toEqual(noon('2026-03-10'));
    expect(result.due.localDate).toBe('2026-04-10');
  });

  it('starts when the fee arrives, if that is later still', () => {
    const result = schedule('uk-gdpr', '2026-03-02', { identityReceivedAt: noon('2026-03-10'), feeReceivedAt: noon('2026-03-12') });
    expect(result.clockStartedBy).toBe('fee');
    expect(result.due.localDate).toBe('2026-04-13'); // 12 April 2026 is a Sunday
  });

  it('ignores identity already known before the request', () => {
    const result = schedule('uk-gdpr', '2026-03-02', { identityReceivedAt: noon('2026-02-01') });
    expect(result.clockStartedBy).toBe('receipt');
    expect(result.due.localDate).toBe('2026-04-02');
  });
});

describe('UK GDPR: bank holidays', () => {
  it.each([
    ['2026-03-03', '2026-04-07', 'Good Friday 3 April, the weekend, Easter Monday 6 April'],
    ['2026-07-31', '2026-09-01', 'Summer bank holiday, Monday 31 August'],
    ['2026-11-25', '2026-12-29', 'Christmas Friday, Boxing Day Saturday, substitute day Monday 28 December'],
    ['2026-11-28', '2026-12-29', 'Boxing Day substitute day, Monday 28 December'],
    ['2027-04-03', '2027-05-04', 'Early May bank holiday, Monday 3 May 2027'],
  ])('received %s is due %s (%s)', (received, due) => {
    expect(schedule('uk-gdpr', received).due.localDate).toBe(due);
  });

  it('uses the bank holidays of the controller’s nation', () => {
    // Scotland: summer bank holiday on the first Monday of August, no Easter Monday.
    const scotland = { subdivision: 'SCT' };
    expect(schedule('uk-gdpr', '2026-07-03').due.localDate).toBe('2026-08-03');
    expect(schedule('uk-gdpr', '2026-07-03', { policy: scotland }).due.localDate).toBe('2026-08-04');
    expect(schedule('uk-gdpr', '2026-03-06').due.localDate).toBe('2026-04-07');
    expect(schedule('uk-gdpr', '2026-03-06', { policy: scotland }).due.localDate).toBe('2026-04-06');
  });
});

describe('UK GDPR: stop-the-clock while a clarification is awaited', () => {
  it('restarts the clock where it stopped', () => {
    // Received 3 February; clarification asked 5 February, answered 8 February: 3 days.
    const result = schedule('uk-gdpr', '2026-02-03', {
      pauses: [{ from: noon('2026-02-05'), to: noon('2026-02-08'), cause: 'awaiting-clarification' }],
    });
    expect(result.pausedDays).toBe(3);
    expect(result.due.localDate).toBe('2026-03-06');
  });

  it('keeps the clock stopped until the clarification comes', () => {
    const pause = { from: noon('2026-02-05'), cause: 'awaiting-clarification' as const };
    const result = schedule('uk-gdpr', '2026-02-03', { pauses: [pause], asOf: noon('2026-02-20') });
    expect(result.clockStoppedSince).toEqual(pause.from);
    expect(result.pausedDays).toBe(15);
    expect(result.due.localDate).toBe('2026-03-18');
  });

  it('does not pause for identity or a fee: they start the clock instead', () => {
    const identity = { from: noon('2026-02-05'), to: noon('2026-02-08'), cause: 'awaiting-identity' as const };
    const result = schedule('uk-gdpr', '2026-02-03', { pauses: [identity] });
    expect(result.pausedDays).toBe(0);
    expect(result.due.localDate).toBe('2026-03-03');
    expect(result.ignoredPauses).toMatchObject([{ pause: identity, code: 'pause-not-allowed' }]);
  });

  it('does not count the days before the clock started', () => {
    // The clarification was asked on receipt; the identity arrived on 10 March and the clarification on 12 March.
    const result = schedule('uk-gdpr', '2026-03-02', {
      identityReceivedAt: noon('2026-03-10'),
      pauses: [{ from: noon('2026-03-02'), to: noon('2026-03-12'), cause: 'awaiting-clarification' }],
    });
    expect(result.pausedDays).toBe(2);
    expect(result.due.localDate).toBe('2026-04-13'); // 10 April + 2 = 12 April, a Sunday
  });

  it('extends by two further months, notified before the first month ends', () => {
    const result = schedule('uk-gdpr', '2026-02-03', {
      pauses: [{ from: noon('2026-02-05'), to: noon('2026-02-08'), cause: 'awaiting-clarification' }],
      extension: { decidedAt: noon('2026-03-05'), notifiedAt: noon('2026-03-06'), reasons: 'complex' },
    });
    expect(result.extensionNoticeBy).toMatchObject({ localDate: '2026-03-06', rule: 'uk-gdpr:art-12a:extension-notice-within-one-month' });
    // 3 March + 2 months = 3 May, + 3 days = 6 May (Wednesday).
    expect(result.due).toMatchObject({ localDate: '2026-05-06', rule: 'uk-gdpr:art-12a:extended-two-further-months' });
  });
});
