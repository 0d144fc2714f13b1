import { schedule } from './deadline-spec-helpers';

// France: GDPR + Loi Informatique et Libertés, Europe/Paris, French public holidays.
describe('France: French public holidays move the last day of the month', () => {
  it.each([
    ['2026-06-14', '2026-07-15', '14 July (Fête nationale), a Tuesday'],
    ['2025-07-15', '2025-08-18', '15 August 2025 (Assomption) is a Friday, then the weekend'],
    ['2028-07-15', '2028-08-16', '15 August 2028 is a Tuesday'],
    ['2027-10-01', '2027-11-02', '1 November 2027 (Toussaint) is a Monday'],
    ['2026-11-25', '2026-12-28', '25 December 2026 is a Friday, then the weekend'],
    ['2028-11-25', '2028-12-26', '25 December 2028 is a Monday; 26 December is no holiday in most of France'],
    ['2026-04-14', '2026-05-15', '14 May 2026 is Ascension Thursday'],
    ['2026-10-11', '2026-11-12', '11 November 2026 (Armistice) is a Wednesday'],
  ])('received %s is due %s (%s)', (received, due) => {
    const result = schedule('fr-gdpr', received);
    expect(result.due.localDate).toBe(due);
    expect(result.due.rule).toBe('fr-gdpr:art-12-3:one-month');
    expect(result.extensionNoticeBy?.localDate).toBe(due);
  });

  it('names the French holiday it skipped', () => {
    expect(schedule('fr-gdpr', '2026-06-14').due.movedFrom).toEqual({
      localDate: '2026-07-14',
      reason: '2026-07-14 is a public holiday (Fête Nationale de la France)',
    });
  });

  it('adds the holidays of a subdivision: 26 December in Alsace-Moselle', () => {
    expect(schedule('fr-gdpr', '2028-11-25', { policy: { subdivision: '67' } }).due.localDate).toBe('2028-12-27');
    expect(schedule('fr-gdpr', '2028-11-25', { policy: { subdivision: 'FR-67' } }).due.localDate).toBe('2028-12-27');
  });

  it('allows up to three months in all (CNIL)', () => {
    const result = schedule('fr-gdpr', '2026-06-14', {
      extension: { decidedAt: new Date('2026-07-01T08:00:00Z'), notifiedAt: new Date('2026-07-01T08:00:00Z'), reasons: 'complex request' },
    });
    expect(result.due).toMatchObject({ localDate: '2026-09-14', rule: 'fr-gdpr:art-12-3:extended-two-further-months' });
    expect(result.due.basis).toContain('CNIL');
  });
});

describe('France: erasure of data collected while the subject was a minor (LIL art. 51-II)', () => {
  it('is due within one month, with no extension possible', () => {
    const result = schedule('fr-gdpr', '2026-06-14', { requestType: 'erasure', subjectWasMinorAtCollection: true });
    expect(result.due).toMatchObject({ localDate: '2026-07-15', rule: 'fr-gdpr:lil-51-ii:minor-erasure-one-month' });
    expect(result.due.basis).toContain('art. 51-II');
    expect(result.extensionNoticeBy).toBeUndefined();
  });

  it('refuses an extension', () => {
    const result = schedule('fr-gdpr', '2026-06-14', {
      requestType: 'erasure',
      subjectWasMinorAtCollection: true,
      extension: { decidedAt: new Date('2026-06-20T08:00:00Z'), notifiedAt: new Date('2026-06-20T08:00:00Z'), reasons: 'many systems' },
    });
    expect(result.extension).toMatchObject({ accepted: false, refusalCode: 'extension-not-allowed', maxDue: { localDate: '2026-07-15' } });
    expect(result.due.localDate).toBe('2026-07-15');
  });

  it('still lets the clock stop while identity information is awaited (EDPB §159)', () => {
    const result = schedule('fr-gdpr', '2026-06-14', {
      requestType: 'erasure',
      subjectWasMinorAtCollection: true,
      pauses: [{ from: new Date('2026-06-15T08:00:00Z'), to: new Date('2026-06-19T08:00:00Z'), cause: 'awaiting-identity' }],
    });
    expect(result.pausedDays).toBe(4);
    expect(result.due.localDate).toBe('2026-07-20'); // 14 July + 4 = 18 July, a Saturday
  });

  it('applies only to erasure of data collected while a minor', () => {
    expect(schedule('fr-gdpr', '2026-06-14', { requestType: 'erasure' }).due.rule).toBe('fr-gdpr:art-12-3:one-month');
    expect(schedule('fr-gdpr', '2026-06-14', { requestType: 'access', subjectWasMinorAtCollection: true }).due.rule).toBe(
      'fr-gdpr:art-12-3:one-month',
    );
    expect(schedule('eu-gdpr', '2026-06-14', { requestType: 'erasure', subjectWasMinorAtCollection: true }).due.rule).toBe(
      'eu-gdpr:art-12-3:one-month',
    );
  });
});
