import { addCalendarMonths, gdprDueDate, nextWorkingDay } from './deadline';

const day = (iso: string) => new Date(`${iso}T10:00:00Z`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe('GDPR one-month deadline', () => {
  it.each([
    ['2026-03-05', '2026-04-06'], // 5 April 2026 is a Sunday: next working day
    ['2025-08-31', '2025-09-30'], // no 31 September: last day of the month
    ['2027-01-31', '2027-03-01'], // 28 Feb 2027 is a Sunday → Monday 1 March
    ['2028-01-31', '2028-02-29'], // leap year
    ['2026-12-15', '2027-01-15'], // across the year end
  ])('received %s is due %s', (received, due) => {
    expect(isoDay(gdprDueDate(day(received)).dueAt)).toBe(due);
  });

  it('names the rule that produced the date and ends the day at its last millisecond', () => {
    const { dueAt, rule } = gdprDueDate(day('2026-06-10'));
    expect(rule).toBe('gdpr-art-12-3:one-month');
    expect(dueAt.toISOString()).toBe('2026-07-10T23:59:59.999Z');
  });

  it('clamps month arithmetic to the last day and keeps weekdays', () => {
    expect(isoDay(addCalendarMonths(day('2026-01-30'), 1))).toBe('2026-02-28');
    expect(isoDay(nextWorkingDay(day('2026-11-20')))).toBe('2026-11-20');
    expect(isoDay(nextWorkingDay(day('2026-11-21')))).toBe('2026-11-23');
  });
});
