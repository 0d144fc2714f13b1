import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gdprDueDate } from '../deadline';
import { REGIMES } from '../vocabulary';
import { computeDeadlines } from './compute-deadlines';
import { describeDeadlineProperties } from './deadline-property-suite';
import { isPublicHoliday, localIso, plusDays, POLICIES } from './deadline-spec-helpers';

describeDeadlineProperties(['eu-gdpr', 'fr-gdpr', 'uk-gdpr'], 2000);

describe('GDPR one month and the legacy helper', () => {
  it('agree in UTC unless a public holiday falls on the legacy date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2044-12-31T23:59:59Z'), noInvalidDate: true }),
        (receivedAt) => {
          const legacy = gdprDueDate(receivedAt).dueAt.toISOString().slice(0, 10);
          const due = computeDeadlines({ policy: { ...POLICIES['fr-gdpr'], timeZone: 'UTC' }, requestType: 'access', receivedAt }).due;
          assert.ok(due.localDate >= legacy, 'never earlier than the legacy date');
          if (!isPublicHoliday(legacy, 'FR')) assert.equal(due.localDate, legacy);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Any time zone', () => {
  const zones = [
    'UTC',
    'Europe/Paris',
    'America/Santiago', // DST changes at midnight
    'America/Havana', // DST changes at midnight
    'Asia/Beirut', // DST changes at midnight
    'Australia/Lord_Howe', // half-hour DST
    'Asia/Kathmandu', // +05:45
    'Pacific/Chatham', // +12:45 / +13:45
    'Pacific/Kiritimati', // +14
    'Pacific/Pago_Pago', // −11
  ];
  it('ends every date with its local day and never before receipt', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2034-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.constantFrom(...REGIMES),
        (receivedAt, timeZone, regime) => {
          const schedule = computeDeadlines({ policy: { ...POLICIES[regime], timeZone }, requestType: 'access', receivedAt });
          assert.ok(schedule.due.at > receivedAt, 'due after receipt');
          for (const date of [schedule.due, schedule.acknowledgeBy, schedule.extensionNoticeBy]) {
            if (!date) continue;
            assert.equal(localIso(date.at, timeZone), date.localDate);
            assert.equal(localIso(new Date(date.at.getTime() + 1), timeZone), plusDays(date.localDate, 1));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
