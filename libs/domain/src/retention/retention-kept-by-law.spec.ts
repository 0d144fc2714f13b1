import { ProcessingPurpose, ProcessingRegister } from '../profiles/controller-profile';
import { addIsoDuration, financialYearEndAfter, keptBasis, RetentionError, retentionEnd } from './retention';

const purpose = (id: string, dataCategories: string[], retention: ProcessingPurpose['retention']): ProcessingPurpose => ({
  id,
  name: { en: id, fr: id },
  legalBasis: 'legal-obligation',
  dataCategories,
  sources: [],
  recipients: [],
  retention,
});

// The shapes of the reference policies: demo.yaml's accounting and account purposes and the
// fraud schedule of config/controllers/7speaking.yaml (policy §5).
const register: ProcessingRegister = {
  dataCategories: [],
  sources: [],
  recipients: [],
  transfers: [],
  automatedDecisions: [],
  purposes: [
    purpose('accounting', ['orders', 'invoices'], {
      period: 'P10Y',
      startsAt: 'financial-year-end',
      basis: 'Code de commerce art. L123-22',
    }),
    purpose('customer-account', ['identity', 'contact'], {
      until: 'account-closure',
      basis: 'GDPR Art. 5(1)(e)',
      then: [{ period: 'P5Y', startsAt: 'account-closure', basis: 'Code civil art. 2224 (civil limitation period)' }],
    }),
    purpose('fraud-prevention', ['fraud-alerts'], {
      period: 'P12M',
      startsAt: 'alert-issued',
      basis: 'Policy §5; CNIL référentiel lutte contre la fraude',
      cases: [
        { when: { en: 'A qualified alert' }, period: 'P5Y', startsAt: 'case-closed', basis: 'Policy §5' },
        {
          when: { en: 'Registration on a list of proven fraudsters' },
          period: 'P5Y',
          startsAt: 'fraud-list-registration',
          basis: 'Policy §5',
        },
        { when: { en: 'Legal proceedings initiated' }, until: 'proceedings-end', basis: 'Policy §5; Code civil art. 2224' },
      ],
    }),
  ],
};

describe('retention: what is kept by law, and until when', () => {
  it('keeps an invoice ten years from the end of the financial year it belongs to', () => {
    expect(keptBasis(register, 'invoices', { purpose: 'accounting' }, { 'financial-year-end': '2024-03-15' })).toEqual({
      basis: 'Code de commerce art. L123-22',
      reason: 'accounting',
      until: '2034-12-31',
    });
  });

  it('counts from a financial year that closes on another day', () => {
    expect(financialYearEndAfter('2024-07-02', '06-30')).toBe('2025-06-30');
    expect(financialYearEndAfter('2024-06-30', '06-30')).toBe('2024-06-30');
    expect(
      keptBasis(register, 'orders', { purpose: 'accounting' }, { 'financial-year-end': '2024-07-02' }, { financialYearEnd: '06-30' }).until,
    ).toBe('2035-06-30');
  });

  it('keeps litigation data five years after the account closed (civil limitation period)', () => {
    expect(keptBasis(register, 'contact', { purpose: 'customer-account', then: 0 }, { 'account-closure': '2026-11-22' })).toEqual({
      basis: 'Code civil art. 2224 (civil limitation period)',
      reason: 'customer-account',
      until: '2031-11-22',
    });
  });

  it('keeps an unqualified fraud alert twelve months from its issue (7Speaking §5)', () => {
    expect(keptBasis(register, 'fraud-alerts', { purpose: 'fraud-prevention' }, { 'alert-issued': '2026-02-28' }).until).toBe('2027-02-28');
  });

  it('keeps a qualified fraud alert five years after the case closed, and says why', () => {
    expect(keptBasis(register, 'fraud-alerts', { purpose: 'fraud-prevention', case: 0 }, { 'case-closed': '2026-05-31' })).toEqual({
      basis: 'Policy §5',
      reason: 'fraud-prevention: A qualified alert',
      until: '2031-05-31',
    });
  });

  it('gives no date while the data is kept until an event still to come (legal proceedings)', () => {
    const kept = keptBasis(register, 'fraud-alerts', { purpose: 'fraud-prevention', case: 2 }, {});
    expect(kept).toEqual({ basis: 'Policy §5; Code civil art. 2224', reason: 'fraud-prevention: Legal proceedings initiated' });
  });

  it('refuses a purpose that does not cover the category: the register is the only source of rules', () => {
    expect(() => keptBasis(register, 'fraud-alerts', { purpose: 'accounting' }, {})).toThrow(
      expect.objectContaining({ code: 'category-not-in-purpose' }),
    );
    expect(() => keptBasis(register, 'invoices', { purpose: 'billing' }, {})).toThrow(RetentionError);
    expect(() => keptBasis(register, 'invoices', { purpose: 'accounting', then: 3 }, {})).toThrow(
      expect.objectContaining({ code: 'unknown-stage' }),
    );
  });

  it('needs the date the period counts from', () => {
    expect(() => retentionEnd(register.purposes[0].retention, {})).toThrow(expect.objectContaining({ code: 'missing-event-date' }));
  });

  it('clamps month ends and adds weeks and days', () => {
    expect(addIsoDuration('2024-01-31', 'P1M')).toBe('2024-02-29');
    expect(addIsoDuration('2024-02-29', 'P1Y')).toBe('2025-02-28');
    expect(addIsoDuration('2024-01-01', 'P1W3D')).toBe('2024-01-11');
    expect(() => addIsoDuration('2024-01-01', 'PT1H')).toThrow(RangeError);
  });
});
