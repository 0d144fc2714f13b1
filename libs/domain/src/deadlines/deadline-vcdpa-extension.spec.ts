import { noon, schedule } from './deadline-spec-helpers';

// Virginia VCDPA (the template of most US states), America/New_York.
describe('VCDPA: 45 days, extended once by 45', () => {
  it.each([
    ['2026-01-31', '2026-03-17'],
    ['2028-01-31', '2028-03-16'], // leap year
    ['2026-11-20', '2027-01-04'],
    ['2026-05-06', '2026-06-20'], // a Saturday: calendar days do not move
  ])('received %s is due %s', (received, due) => {
    const result = schedule('us-va-vcdpa', received);
    expect(result.due).toMatchObject({ localDate: due, rule: 'us-va-vcdpa:59.1-577-b:45-days' });
    expect(result.extensionNoticeBy).toMatchObject({ localDate: due, rule: 'us-va-vcdpa:59.1-577-b:extension-notice-within-45-days' });
    expect(result.acknowledgeBy).toBeUndefined();
  });

  it('accepts one extension notified within the initial 45 days', () => {
    const result = schedule('us-va-vcdpa', '2026-01-31', {
      extension: { decidedAt: noon('2026-03-16'), notifiedAt: noon('2026-03-17'), reasons: 'complexity of the request' },
    });
    expect(result.due).toMatchObject({ localDate: '2026-05-01', rule: 'us-va-vcdpa:59.1-577-b:extended-90-days-in-all' });
    expect(result.extension).toMatchObject({ accepted: true });
  });

  it('refuses an extension notified after the initial 45 days', () => {
    const result = schedule('us-va-vcdpa', '2026-01-31', {
      extension: { decidedAt: noon('2026-03-16'), notifiedAt: noon('2026-03-18'), reasons: 'complexity of the request' },
    });
    expect(result.extension).toMatchObject({
      accepted: false,
      refusalCode: 'extension-notified-too-late',
      maxDue: { localDate: '2026-05-01' },
    });
    expect(result.due.localDate).toBe('2026-03-17');
  });

  it('does not stop the clock', () => {
    const result = schedule('us-va-vcdpa', '2026-01-31', {
      pauses: [{ from: noon('2026-02-01'), to: noon('2026-02-10'), cause: 'awaiting-clarification' }],
    });
    expect(result.due.localDate).toBe('2026-03-17');
    expect(result.ignoredPauses).toHaveLength(1);
  });
});
