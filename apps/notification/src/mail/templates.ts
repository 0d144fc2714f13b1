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

export interface Authority {
  name: string;
  website?: string;
}

const RIGHT_NAMES: Record<Language, Record<string, string>> = {
  en: {
    access: 'access to your data',
    rectification: 'rectification',
    erasure: 'erasure',
    restriction: 'restriction of processing',
    objection: 'objection',
    portability: 'data portability',
    'consent-withdrawal': 'withdrawal of consent',
    information: 'information about the processing',
    'post-mortem-directive': 'post-mortem directive',
    'deceased-subject': 'request about a deceased person',
  },
  fr: {
    access: "d'accès à vos données",
    rectification: 'de rectification',
    erasure: "d'effacement",
    restriction: 'de limitation du traitement',
    objection: "d'opposition",
    portability: 'de portabilité',
    'consent-withdrawal': 'de retrait du consentement',
    information: "d'information sur le traitement",
    'post-mortem-directive': 'de directive post mortem',
    'deceased-subject': 'concernant une personne décédée',
  },
};

const REJECTION_REASONS: Record<Language, Record<string, string>> = {
  en: {
    'identity-not-verified': 'we could not verify your identity',
    'requester-not-authorised': 'you could not show that you may act for the person concerned',
    'manifestly-unfounded': 'the request is manifestly unfounded',
    excessive: 'the request is excessive',
    'no-data-held': 'we hold no data about you',
    'legal-exemption': 'a legal exemption applies',
    'right-not-applicable': 'this right does not apply to the data concerned',
  },
  fr: {
    'identity-not-verified': "nous n'avons pas pu vérifier votre identité",
    'requester-not-authorised': "vous n'avez pas pu justifier de votre qualité pour agir pour la personne concernée",
    'manifestly-unfounded': 'la demande est manifestement infondée',
    excessive: 'la demande est excessive',
    'no-data-held': 'nous ne détenons aucune donnée vous concernant',
    'legal-exemption': "une exception légale s'applique",
    'right-not-applicable': "ce droit ne s'applique pas aux données concernées",
  },
};

function authorityLine(language: Language, authority?: Authority | null): string {
  if (!authority) return '';
  const where = authority.website ? ` (${authority.website})` : '';
  return language === 'fr'
    ? `Vous pouvez introduire une réclamation auprès de ${authority.name}${where} et former un recours juridictionnel.\n`
    : `You may lodge a complaint with ${authority.name}${where} and seek a judicial remedy.\n`;
}

const formatDate = (iso: string) => iso.slice(0, 10);

/** Art. 12(3): the requester is told the request arrived, its reference and when the answer is due. */
export function acknowledgementMail(language: string, reference: string, requestType: string, dueAt: string): RenderedMail {
  const l = lang(language);
  return {
    en: {
      subject: `We received your request ${reference}`,
      body: `We received your request for ${RIGHT_NAMES.en[requestType] ?? requestType} (reference ${reference}).\n\nWe will answer by ${formatDate(dueAt)} at the latest. First, confirm your identity with the code we are sending you separately.\n`,
    },
    fr: {
      subject: `Nous avons bien reçu votre demande ${reference}`,
      body: `Nous avons bien reçu votre demande ${RIGHT_NAMES.fr[requestType] ?? requestType} (référence ${reference}).\n\nNous vous répondrons au plus tard le ${formatDate(dueAt)}. Confirmez d'abord votre identité avec le code que nous vous envoyons séparément.\n`,
    },
  }[l];
}

export function cancellationMail(language: string, reference: string): RenderedMail {
  return {
    en: {
      subject: `Your request ${reference} is cancelled`,
      body: `As you asked, your request ${reference} is cancelled. Nothing more will be done with it.\n`,
    },
    fr: {
      subject: `Votre demande ${reference} est annulée`,
      body: `Comme vous l'avez demandé, votre demande ${reference} est annulée. Elle ne fera l'objet d'aucune autre suite.\n`,
    },
  }[lang(language)];
}

/** Art. 12(4): the reasons, the authority to complain to and the right to a judicial remedy. */
export function rejectionMail(language: string, reference: string, reason: string | undefined, authority?: Authority | null): RenderedMail {
  const l = lang(language);
  const why = (reason && REJECTION_REASONS[l][reason]) ?? (l === 'fr' ? 'la demande ne peut être satisfaite' : 'the request cannot be met');
  return {
    en: {
      subject: `Your request ${reference} was refused`,
      body: `We cannot act on your request ${reference}: ${why}.\n\n${authorityLine('en', authority)}`,
    },
    fr: {
      subject: `Votre demande ${reference} a été refusée`,
      body: `Nous ne pouvons pas donner suite à votre demande ${reference} : ${why}.\n\n${authorityLine('fr', authority)}`,
    },
  }[l];
}
