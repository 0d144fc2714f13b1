import { noon, schedule } from './deadline-spec-helpers';

describe('The controller’s internal target', () => {
  it('counts calendar days from the start of the clock', () => {
    const result = schedule('eu-gdpr', '2026-03-05', { policy: { internalTargetDays: 20 } });
    expect(result.internalTarget).toMatchObject({ localDate: '2026-03-25', rule: 'controller-policy:internal-target' });
    expect(result.internalTarget?.basis).toContain('20 calendar days');
  });

  it('moves with the pauses and with a later clock start', () => {
    expect(
      schedule('eu-gdpr', '2026-03-05', {
        policy: { internalTargetDays: 20 },
        pauses: [{ from: noon('2026-03-06'), to: noon('2026-03-10'), cause: 'awaiting-identity' }],
      }).internalTarget?.localDate,
    ).toBe('2026-03-29');
    expect(
      schedule('uk-gdpr', '2026-03-05', { policy: { internalTargetDays: 20 }, identityReceivedAt: noon('2026-03-09') }).internalTarget
        ?.localDate,
    ).toBe('2026-03-29');
  });

  it('never goes past the legal due date', () => {
    const result = schedule('ca-qc-law25', '2026-06-01', { policy: { internalTargetDays: 40 } });
    expect(result.internalTarget).toMatchObject({ localDate: '2026-07-01', rule: 'controller-policy:internal-target-capped-at-due' });
  });

  it('may be the day of receipt itself', () => {
    expect(schedule('us-ca-ccpa', '2026-06-01', { policy: { internalTargetDays: 0 } }).internalTarget?.localDate).toBe('2026-06-01');
  });

  it('is absent unless the policy sets one, and must be a whole number', () => {
    expect(schedule('eu-gdpr', '2026-03-05').internalTarget).toBeUndefined();
    expect(() => schedule('eu-gdpr', '2026-03-05', { policy: { internalTargetDays: 2.5 } })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
    expect(() => schedule('eu-gdpr', '2026-03-05', { policy: { internalTargetDays: -1 } })).toThrow(
      expect.objectContaining({ code: 'invalid-input' }),
    );
  });
});
