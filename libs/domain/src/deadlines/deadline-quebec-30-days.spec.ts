import { noon, schedule } from './deadline-spec-helpers';

// Québec Law 25 (private sector act s. 32), America/Toronto.
describe('Québec: 30 days, no extension', () => {
  it.each([
    ['2026-06-01', '2026-07-01'], // Canada Day: calendar days do not move
    ['2026-01-31', '2026-03-02'],
    ['2028-01-31', '2028-03-01'], // leap year
    ['2026-12-15', '2027-01-14'],
  ])('received %s is due %s', (received, due) => {
    const result = schedule('ca-qc-law25', received);
    expect(result.due).toMatchObject({ localDate: due, rule: 'ca-qc-law25:s-32:30-days' });
    expect(result.extensionNoticeBy).toBeUndefined();
  });

  it('refuses any extension and any pause', () => {
    const result = schedule('ca-qc-law25', '2026-06-01', {
      pauses: [{ from: noon('2026-06-02'), to: noon('2026-06-05'), cause: 'awaiting-identity' }],
      extension: { decidedAt: noon('2026-06-10'), notifiedAt: noon('2026-06-10'), reasons: 'complex' },
    });
    expect(result.due.localDate).toBe('2026-07-01');
    expect(result.extension).toMatchObject({ accepted: false, refusalCode: 'extension-not-allowed' });
    expect(result.ignoredPauses).toMatchObject([{ code: 'pause-not-allowed' }]);
  });
});
