import { acknowledgementMail, cancellationMail, packageReadyMail, rejectionMail, verificationCodeMail } from './templates';

describe('mail templates', () => {
  it('acknowledge receipt with the reference and due date, in English and French', () => {
    const en = acknowledgementMail('en', 'DSAR-AB12-CD34', 'erasure', '2026-12-22T22:59:59.999Z');
    expect(en.subject).toBe('We received your request DSAR-AB12-CD34');
    expect(en.body).toContain('request for erasure (reference DSAR-AB12-CD34)');
    expect(en.body).toContain('by 2026-12-22');
    const fr = acknowledgementMail('fr', 'DSAR-AB12-CD34', 'erasure', '2026-12-22T22:59:59.999Z');
    expect(fr.subject).toBe('Nous avons bien reçu votre demande DSAR-AB12-CD34');
    expect(fr.body).toContain("votre demande d'effacement");
  });

  it('give the reason of a refusal, the authority and the judicial remedy', () => {
    const authority = { name: 'CNIL', website: 'https://www.cnil.fr' };
    expect(rejectionMail('en', 'DSAR-AB12-CD34', 'no-data-held', authority).body).toBe(
      'We cannot act on your request DSAR-AB12-CD34: we hold no data about you.\n\nYou may lodge a complaint with CNIL (https://www.cnil.fr) and seek a judicial remedy.\n',
    );
    expect(rejectionMail('fr', 'DSAR-AB12-CD34', 'excessive', authority).body).toContain(
      'introduire une réclamation auprès de CNIL (https://www.cnil.fr) et former un recours juridictionnel',
    );
  });

  it('carry the code, the link and the cancellation in the requester’s language', () => {
    expect(verificationCodeMail('fr', '042917', '2026-11-22T10:15:00Z').body).toContain('042917');
    expect(packageReadyMail('en', 'https://dsar.example/v1/downloads/abc', '2026-11-29T10:00:00Z').body).toContain(
      'https://dsar.example/v1/downloads/abc',
    );
    expect(cancellationMail('fr', 'DSAR-AB12-CD34').subject).toBe('Votre demande DSAR-AB12-CD34 est annulée');
  });
});
