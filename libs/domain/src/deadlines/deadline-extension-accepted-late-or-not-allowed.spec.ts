import type { Regime } from '../vocabulary';
import { DeadlineRuleError } from './deadline-rule-error';
import { noon, schedule } from './deadline-spec-helpers';

// One extension, with reasons, decided and notified by the end of the first period.
describe('Extensions: accepted, too late, not allowed', () => {
  const extension = (notified: string, reasons = 'complexity') => ({
    decidedAt: noon('2026-03-01'),
    notifiedAt: new Date(notified),
    reasons,
  });

  it.each([
    // regime, received, last day to notify, extended due
    ['eu-gdpr', '2026-03-01', '2026-04-01', '2026-06-01'],
    ['fr-gdpr', '2026-03-01', '2026-04-01', '2026-06-01'],
    ['uk-gdpr', '2026-03-01', '2026-04-01', '2026-06-01'],
    ['us-ca-ccpa', '2026-03-01', '2026-04-15', '2026-05-30'],
    ['us-va-vcdpa', '2026-03-01', '2026-04-15', '2026-05-30'],
  ] as const)('%s: received %s, notified on %s (the last day) extends to %s', (regime, received, lastDay, extended) => {
    const accepted = schedule(regime, received, { extension: extension(`${lastDay}T12:00:00Z`) });
    expect(accepted.extensionNoticeBy?.localDate).toBe(lastDay);
    expect(accepted.extension).toEqual({ accepted: true, maxDue: accepted.due });
    expect(accepted.due.localDate).toBe(extended);
    expect(accepted.originalDue.localDate).toBe(lastDay);

    const late = schedule(regime, received, { extension: extension(`${lastDay}T12:00:00Z`.replace(lastDay, nextDay(lastDay))) });
    expect(late.extension).toMatchObject({ accepted: false, refusalCode: 'extension-notified-too-late', maxDue: { localDate: extended } });
    expect(late.due).toEqual(late.originalDue);
  });

  it.each(['br-lgpd', 'ca-qc-law25'] as const)('%s allows no extension', (regime: Regime) => {
    const result = schedule(regime, '2026-03-01', { extension: extension('2026-03-02T12:00:00Z') });
    expect(result.extension).toMatchObject({ accepted: false, refusalCode: 'extension-not-allowed' });
    expect(result.extension?.maxDue).toEqual(result.originalDue);
    expect(result.due).toEqual(result.originalDue);
  });

  it('refuses an extension without reasons', () => {
    const result = schedule('eu-gdpr', '2026-03-01', { extension: extension('2026-03-02T12:00:00Z', '  ') });
    expect(result.extension).toMatchObject({ accepted: false, refusalCode: 'extension-reasons-missing' });
  });

  it('compares the notice with the end of the last day in the controller’s time zone', () => {
    // 1 April 2026 ends at 21:59:59.999 UTC in Berlin.
    expect(schedule('eu-gdpr', '2026-03-01', { extension: extension('2026-04-01T21:59:59.999Z') }).extension?.accepted).toBe(true);
    expect(schedule('eu-gdpr', '2026-03-01', { extension: extension('2026-04-01T22:00:00.000Z') }).extension?.accepted).toBe(false);
  });

  it('throws DeadlineRuleError with the code when asked to', () => {
    const call = (regime: Regime, notified: string) => () =>
      schedule(regime, '2026-03-01', { extension: extension(notified), onRuleViolation: 'throw' });
    expect(call('ca-qc-law25', '2026-03-02T12:00:00Z')).toThrow(
      expect.objectContaining({ code: 'extension-not-allowed', name: 'DeadlineRuleError' }),
    );
    expect(call('eu-gdpr', '2026-04-02T12:00:00Z')).toThrow(expect.objectContaining({ code: 'extension-notified-too-late' }));
    expect(call('eu-gdpr', '2026-04-01T12:00:00Z')).not.toThrow();
    expect(call('eu-gdpr', '2026-04-02T12:00:00Z')).toThrow(DeadlineRuleError);
  });

  it('rejects a notice before the decision, or a decision before the request', () => {
    expect(() =>
      schedule('eu-gdpr', '2026-03-01', { extension: { decidedAt: noon('2026-03-05'), notifiedAt: noon('2026-03-04'), reasons: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() =>
      schedule('eu-gdpr', '2026-03-01', { extension: { decidedAt: noon('2026-02-25'), notifiedAt: noon('2026-03-04'), reasons: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

function nextDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
