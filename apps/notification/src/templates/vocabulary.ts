/** Words the templates look up by code, per language: rights, reasons, actions. */
export type TemplateLanguage = 'en' | 'fr';

export const TEMPLATE_LANGUAGES: readonly TemplateLanguage[] = ['en', 'fr'];

/** The template language for a requester's language tag: French for `fr`, `fr-CA`…, English otherwise. */
export const templateLanguageOf = (language: string | undefined): TemplateLanguage =>
  language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';

type Words = Record<TemplateLanguage, Record<string, string>>;

export const VOCABULARY: Record<string, Words> = {
  right: {
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
  },
  rejectionReason: {
    en: {
      'identity-not-verified': 'we could not verify your identity',
      'requester-not-authorised': 'you could not show that you may act for the person concerned',
      'manifestly-unfounded': 'the request is manifestly unfounded',
      excessive: 'the request is excessive',
      'no-data-held': 'we hold no data about you',
      'legal-exemption': 'a legal exemption applies',
      'right-not-applicable': 'this right does not apply to the data concerned',
      'rights-of-others': 'answering would adversely affect the rights and freedoms of others',
      // Verification failures, when intake closes the request with the reason identity gave.
      expired: 'your identity was not confirmed in time',
      'too-many-attempts': 'your identity could not be confirmed: too many wrong codes were entered',
      'rejected-by-staff': 'we could not verify your identity',
      'identifiers-not-matched': 'the information you gave does not match what we hold',
      'document-rejected': 'the identity document could not be accepted',
      'proof-of-authority-rejected': 'the proof that you may act for the person concerned could not be accepted',
      '*': 'the request cannot be met',
    },
    fr: {
      'identity-not-verified': "nous n'avons pas pu vérifier votre identité",
      'requester-not-authorised': "vous n'avez pas pu justifier de votre qualité pour agir pour la personne concernée",
      'manifestly-unfounded': 'la demande est manifestement infondée',
      excessive: 'la demande est excessive',
      'no-data-held': 'nous ne détenons aucune donnée vous concernant',
      'legal-exemption': "une exception légale s'applique",
      'right-not-applicable': "ce droit ne s'applique pas aux données concernées",
      'rights-of-others': "y répondre porterait atteinte aux droits et libertés d'autrui",
      expired: "votre identité n'a pas été confirmée dans le délai imparti",
      'too-many-attempts': "votre identité n'a pas pu être confirmée : trop de codes erronés ont été saisis",
      'rejected-by-staff': "nous n'avons pas pu vérifier votre identité",
      'identifiers-not-matched': 'les informations fournies ne correspondent pas à celles que nous détenons',
      'document-rejected': "la pièce d'identité n'a pas pu être acceptée",
      'proof-of-authority-rejected': "le justificatif de votre qualité pour agir n'a pas pu être accepté",
      '*': 'la demande ne peut être satisfaite',
    },
  },
  postMortemOutcome: {
    en: {
      'directive-registered': 'is registered',
      'directive-changed': 'is changed',
      'directive-revoked': 'is revoked',
      'data-communicated': 'the data you may obtain is ready for you',
      'data-erased': 'the accounts of the deceased person are closed and their data erased, except what the law requires us to keep',
      'processing-stopped': 'we no longer process the data of the deceased person',
      'data-updated': 'the data of the deceased person is updated to record the death',
      'directive-noted': 'the directive of the deceased person asks for nothing further to be done; it is carried out',
      '*': 'your request is answered',
    },
    fr: {
      'directive-registered': 'est enregistrée',
      'directive-changed': 'est modifiée',
      'directive-revoked': 'est révoquée',
      'data-communicated': 'les données que vous pouvez obtenir sont à votre disposition',
      'data-erased':
        'les comptes de la personne décédée sont clôturés et ses données effacées, hormis ce que la loi nous impose de conserver',
      'processing-stopped': 'nous ne traitons plus les données de la personne décédée',
      'data-updated': 'les données de la personne décédée sont mises à jour pour tenir compte du décès',
      'directive-noted': 'la directive de la personne décédée ne demande rien de plus ; elle est exécutée',
      '*': 'votre demande a reçu sa réponse',
    },
  },
  packageKind: {
    en: {
      access: 'a copy of your personal data',
      portability: 'your data in a machine-readable format',
      'action-report': 'the report of what we did',
      '*': 'our answer',
    },
    fr: {
      access: 'une copie de vos données personnelles',
      portability: 'vos données dans un format lisible par machine',
      'action-report': 'le compte rendu de ce que nous avons fait',
      '*': 'notre réponse',
    },
  },
  reviewReason: {
    en: {
      'id-document': 'an identity document to check',
      'representative-proof': "a representative's proof of authority to check",
      'identifiers-inconclusive': 'identifiers that did not match conclusively',
      policy: 'the controller policy requires a review',
    },
    fr: {
      'id-document': "une pièce d'identité à vérifier",
      'representative-proof': "un justificatif de qualité d'un représentant à vérifier",
      'identifiers-inconclusive': 'des identifiants dont la correspondance est incertaine',
      policy: 'la politique du responsable de traitement exige une revue',
    },
  },
  attentionReason: {
    en: {
      'collection-timeout': 'a system did not answer in time',
      'collector-failed': 'a collector failed',
      'review-required': 'a review is required',
      'deadline-at-risk': 'the deadline is at risk',
      'verification-locked': "too many wrong codes locked the requester's identity verification",
      'download-locked': 'too many wrong codes locked the download link of the reply',
    },
    fr: {
      'collection-timeout': "un système n'a pas répondu à temps",
      'collector-failed': 'un collecteur a échoué',
      'review-required': 'une revue est nécessaire',
      'deadline-at-risk': "l'échéance est menacée",
      'verification-locked': "trop de codes erronés ont bloqué la vérification d'identité du demandeur",
      'download-locked': 'trop de codes erronés ont bloqué le lien de téléchargement de la réponse',
    },
  },
  action: {
    en: {
      export: 'export the data',
      erase: 'erase the data',
      rectify: 'rectify the data',
      restrict: 'restrict the processing',
      resume: 'lift the restriction',
      object: 'stop the processing objected to',
      'withdraw-consent': 'stop the processing based on the consent withdrawn',
      erasure: 'erasure',
      rectification: 'rectification',
      restriction: 'restriction of processing',
    },
    fr: {
      export: 'exporter les données',
      erase: 'effacer les données',
      rectify: 'rectifier les données',
      restrict: 'limiter le traitement',
      resume: 'lever la limitation',
      object: "cesser le traitement objet de l'opposition",
      'withdraw-consent': 'cesser le traitement fondé sur le consentement retiré',
      erasure: 'effacement',
      rectification: 'rectification',
      restriction: 'limitation du traitement',
    },
  },
};

/** The word for `code` in `list`, falling back to the list's `*` entry, then to the code itself. */
export function wordFor(list: string, language: TemplateLanguage, code: string | undefined): string {
  const words = VOCABULARY[list]?.[language] ?? {};
  return (code !== undefined && words[code]) || words['*'] || code || '';
}
