/**
 * Due dates under the GDPR's one-month rule (Art. 12(3), counted per Regulation
 * 1182/71 as the EDPB and the ICO apply it): the day of receipt is not counted; the
 * period ends on the same-numbered day of the next month, or on that month's last day
 * when it has no such day; a period ending on a Saturday or Sunday moves to the next
 * working day. Dates are calendar dates (UTC), the due date ends at 23:59:59.999 UTC.
 * Public holidays and the other regimes come with the lifecycle issue.
 */
export interface DueDate {
  dueAt: Date;
  /** Names the rule that produced the date, shown wherever the date is. */
  rule: string;
}

export const GDPR_ONE_MONTH_RULE = 'gdpr-art-12-3:one-month';

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

export function addCalendarMonths(date: Date, months: number): Date {
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day));
}

export function nextWorkingDay(date: Date): Date {
  const result = new Date(date);
  while (result.getUTCDay() === 0 || result.getUTCDay() === 6) {
    result.setUTCDate(result.getUTCDate() + 1);
  }
  return result;
}

export function gdprDueDate(receivedAt: Date): DueDate {
  const end = nextWorkingDay(addCalendarMonths(receivedAt, 1));
  end.setUTCHours(23, 59, 59, 999);
  return { dueAt: end, rule: GDPR_ONE_MONTH_RULE };
}
