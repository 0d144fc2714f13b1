/** Subject and plain-text body of each message, per language. */
export interface RenderedMail {
  subject: string;
  body: string;
}

type Language = 'en' | 'fr';

const lang = (language: string): Language => (language.startsWith('fr') ? 'fr' : 'en');

export function verificationCodeMail(language: string, code: string, expiresAt: string): RenderedMail {
  const expires = new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16);
  return {
    en: {
      subject: 'Your verification code',
      body: `To confirm your request about your personal data, enter this code:\n\n    ${code}\n\nIt is valid until ${expires} UTC. If you did not make this request, ignore this message.\n`,
    },
    fr: {
      subject: 'Votre code de vérification',
      body: `Pour confirmer votre demande concernant vos données personnelles, saisissez ce code :\n\n    ${code}\n\nIl est valable jusqu'au ${expires} UTC. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n`,
    },
  }[lang(language)];
}

export function packageReadyMail(language: string, downloadUrl: string, expiresAt: string): RenderedMail {
  const expires = new Date(expiresAt).toISOString().slice(0, 10);
  return {
    en: {
      subject: 'Your personal data is ready to download',
      body: `The answer to your access request is ready. Download it here:\n\n${downloadUrl}\n\nThe link works until ${expires} and for a limited number of downloads.\n`,
    },
    fr: {
      subject: 'Vos données personnelles sont prêtes à être téléchargées',
      body: `La réponse à votre demande d'accès est prête. Téléchargez-la ici :\n\n${downloadUrl}\n\nLe lien fonctionne jusqu'au ${expires} et pour un nombre limité de téléchargements.\n`,
    },
  }[lang(language)];
}
