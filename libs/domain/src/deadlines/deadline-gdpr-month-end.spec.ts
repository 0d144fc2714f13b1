import { gdprDueDate } from '../deadline';
import { schedule } from './deadline-spec-helpers';

// EU GDPR for a controller in Germany (Europe/Berlin, German national public holidays).
describe('EU GDPR: one month by Regulation 1182/71, at month ends', () => {
  it.each([
    ['2026-03-05', '2026-04-07', '2026-04-05'], // 5 April 2026 is Easter Sunday, 6 April Easter Monday
    ['2025-08-31', '2025-09-30', undefined], // no 31 September: the last day of the month
    ['2026-03-31', '2026-04-30', undefined],
    ['2026-01-31', '2026-03-02', '2026-02-28'], // 28 February 2026 is a Saturday
    ['2027-01-31', '2027-03-01', '2027-02-28'], // 28 February 2027 is a Sunday
    ['2028-01-31', '2028-02-29', undefined], // leap year
    ['2028-01-29', '2028-02-29', undefined],
    ['2026-12-15', '2027-01-15', undefined], // across the year end
    ['2026-11-25', '2026-12-28', '2026-12-25'], // Christmas Friday, 26th Saturday (and a holiday), Sunday
    ['2026-09-03', '2026-10-05', '2026-10-03'], // 3 October (German Unity Day) is a Saturday
  ])('received %s is due %s', (received, due, movedFrom) => {
    const result = schedule('eu-gdpr', received);
    expect(result.due.localDate).toBe(due);
    expect(result.due.rule).toBe('eu-gdpr:art-12-3:one-month');
    expect(result.due.basis).toContain('GDPR Art. 12(3)');
    expect(result.due.movedFrom?.localDate).toBe(movedFrom);
    expect(result.originalDue).toEqual(result.due);
  });

  it('says why a date moved', () => {
    expect(schedule('eu-gdpr', '2026-11-25').due.movedFrom).toEqual({
      localDate: '2026-12-25',
      reason: '2026-12-25 is a public holiday (1. Weihnachtstag)',
    });
    expect(schedule('eu-gdpr', '2026-01-31').due.movedFrom?.reason).toBe('2026-02-28 is a Saturday');
  });

  it('counts from the local day of receipt, not the UTC one', () => {
    // 23:30 on 28 February in Berlin, 22:30 UTC.
    expect(schedule('eu-gdpr', '2026-02-28T22:30:00Z').due.localDate).toBe('2026-03-30'); // 28 March is a Saturday
    // 00:30 on 1 March in Berlin, still 28 February in UTC.
    expect(schedule('eu-gdpr', '2026-02-28T23:30:00Z').due.localDate).toBe('2026-04-01');
  });

  it('ends the due date at the last millisecond of the local day', () => {
    expect(schedule('eu-gdpr', '2026-03-31').due.at.toISOString()).toBe('2026-04-30T21:59:59.999Z'); // CEST
    expect(schedule('eu-gdpr', '2026-12-15').due.at.toISOString()).toBe('2027-01-15T22:59:59.999Z'); // CET
  });

  it('keeps two timers: the extension notice ends with the first month, the due date moves with an extension', () => {
    const result = schedule('eu-gdpr', '2026-01-31', {
      extension: { decidedAt: new Date('2026-02-20T09:00:00Z'), notifiedAt: new Date('2026-02-20T10:00:00Z'), reasons: 'many requests' },
    });
    expect(result.extensionNoticeBy).toMatchObject({ localDate: '2026-03-02', rule: 'eu-gdpr:art-12-3:extension-notice-within-one-month' });
    expect(result.originalDue.localDate).toBe('2026-03-02');
    // Two further months from the first month's last day (28 February): 28 April, a Tuesday.
    expect(result.due).toMatchObject({ localDate: '2026-04-28', rule: 'eu-gdpr:art-12-3:extended-two-further-months' });
    expect(result.extension).toMatchObject({ accepted: true, maxDue: { localDate: '2026-04-28' } });
  });

  it('matches the legacy gdprDueDate helper where no public holiday intervenes', () => {
    for (const received of ['2026-03-10', '2026-01-31', '2027-01-31', '2028-01-31', '2025-08-31']) {
      const legacy = gdprDueDate(new Date(`${received}T10:00:00Z`))
        .dueAt.toISOString()
        .slice(0, 10);
      expect(schedule('eu-gdpr', received, { policy: { timeZone: 'UTC' } }).due.localDate).toBe(legacy);
    }
  });
});
