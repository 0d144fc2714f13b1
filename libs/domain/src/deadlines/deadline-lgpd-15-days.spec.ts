import { noon, schedule } from './deadline-spec-helpers';

// Brazil LGPD art. 19, America/Sao_Paulo.
describe('LGPD: a simplified answer at once, the full statement within 15 days', () => {
  it('gives both dates for an access request', () => {
    const result = schedule('br-lgpd', '2026-02-10');
    expect(result.simplifiedAnswerBy).toMatchObject({ localDate: '2026-02-10', rule: 'br-lgpd:art-19-i:simplified-at-once' });
    expect(result.due).toMatchObject({ localDate: '2026-02-25', rule: 'br-lgpd:art-19-ii:15-days' });
    expect(result.simplifiedAnswerBy?.at.toISOString()).toBe('2026-02-11T02:59:59.999Z');
  });

  it.each([
    ['2026-12-20', '2027-01-04'],
    ['2026-11-05', '2026-11-20'], // Dia da Consciência Negra: calendar days do not move
    ['2028-02-20', '2028-03-06'], // leap year
  ])('received %s is due %s', (received, due) => {
    expect(schedule('br-lgpd', received).due.localDate).toBe(due);
  });

  it('counts in São Paulo time', () => {
    // 23:00 on 9 February in São Paulo.
    expect(schedule('br-lgpd', '2026-02-10T02:00:00Z').due.localDate).toBe('2026-02-24');
  });

  it('has no simplified answer for other rights, and no extension', () => {
    const result = schedule('br-lgpd', '2026-02-10', {
      requestType: 'erasure',
      extension: { decidedAt: noon('2026-02-11'), notifiedAt: noon('2026-02-11'), reasons: 'complex' },
    });
    expect(result.simplifiedAnswerBy).toBeUndefined();
    expect(result.extensionNoticeBy).toBeUndefined();
    expect(result.extension).toMatchObject({
      accepted: false,
      refusalCode: 'extension-not-allowed',
      refusal: expect.stringContaining('LGPD'),
    });
    expect(result.due.localDate).toBe('2026-02-25');
  });
});
