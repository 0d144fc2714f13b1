import type { RequestType } from '../vocabulary';
import { computeDeadlines } from './compute-deadlines';
import { DeadlineRuleError } from './deadline-rule-error';
import { POLICIES, schedule } from './deadline-spec-helpers';

describe('Time zones: days are counted where the controller is', () => {
  it('takes the local day of receipt', () => {
    // 23:30 on 28 February in Los Angeles is 1 March in UTC.
    expect(schedule('us-ca-ccpa', '2026-03-01T07:30:00Z').due.localDate).toBe('2026-04-14');
    expect(schedule('us-ca-ccpa', '2026-03-01T07:30:00Z', { policy: { timeZone: 'UTC' } }).due.localDate).toBe('2026-04-15');
  });

  it('ends a day at its last millisecond across daylight-saving changes', () => {
    expect(schedule('fr-gdpr', '2026-02-28').due.at.toISOString()).toBe('2026-03-30T21:59:59.999Z'); // CEST since 29 March
    expect(schedule('us-ca-ccpa', '2026-09-21').due.at.toISOString()).toBe('2026-11-06T07:59:59.999Z'); // 5 November, PST since 1 November
  });

  it('handles a zone whose clocks jump at midnight (Santiago, 6 September 2026 starts at 01:00)', () => {
    const result = schedule('us-va-vcdpa', '2026-07-22', { policy: { timeZone: 'America/Santiago' } });
    expect(result.due.localDate).toBe('2026-09-05');
    expect(result.due.at.toISOString()).toBe('2026-09-06T03:59:59.999Z');
  });

  it('handles far-east and far-west offsets', () => {
    // 10:30 UTC on 9 March is 00:30 on 10 March at UTC+14 and 23:30 on 8 March at UTC−11.
    const received = '2026-03-09T10:30:00Z';
    expect(schedule('eu-gdpr', received, { policy: { timeZone: 'Pacific/Kiritimati' } }).due.localDate).toBe('2026-04-10');
    expect(schedule('eu-gdpr', received, { policy: { timeZone: 'UTC' } }).due.localDate).toBe('2026-04-09');
    expect(schedule('eu-gdpr', received, { policy: { timeZone: 'Pacific/Pago_Pago' } }).due.localDate).toBe('2026-04-08');
  });
});

describe('Input errors are thrown as DeadlineRuleError', () => {
  const input = { policy: POLICIES['eu-gdpr'], requestType: 'access' as RequestType, receivedAt: new Date('2026-03-05T10:00:00Z') };

  it.each([
    ['invalid-time-zone', { ...input, policy: { ...input.policy, timeZone: 'Europe/Atlantis' } }],
    ['unknown-country', { ...input, policy: { ...input.policy, country: 'XX' } }],
    ['unknown-country', { ...input, policy: { ...input.policy, country: 'FR', subdivision: 'US-CA' } }],
    ['unknown-regime', { ...input, policy: { ...input.policy, regime: 'mars-gdpr' } }],
    ['unknown-request-type', { ...input, requestType: 'teleportation' }],
    ['invalid-input', { ...input, receivedAt: new Date('not a date') }],
    ['invalid-input', { ...input, identityReceivedAt: new Date(Number.NaN) }],
  ])('%s', (code, bad) => {
    const call = () => computeDeadlines(bad as Parameters<typeof computeDeadlines>[0]);
    expect(call).toThrow(DeadlineRuleError);
    expect(call).toThrow(expect.objectContaining({ code }));
  });
});

describe('Subdivisions', () => {
  it('use the country’s holidays when date-holidays has none of their own', () => {
    // Paris (FR-75) has no holidays of its own: 14 July 2026 still moves the date.
    expect(schedule('fr-gdpr', '2026-06-14', { policy: { subdivision: 'FR-75' } }).due.localDate).toBe('2026-07-15');
    expect(schedule('fr-gdpr', '2028-11-25', { policy: { subdivision: 'FR-75' } }).due.localDate).toBe('2028-12-26');
  });
});
