import { Language } from '@dsar/domain';

/** The fixed wording of replies, per language. Controller-specific wording comes from the profile. */
export interface ReportStrings {
  title: Record<'access' | 'portability' | 'action-report', string>;
  intro: string;
  reference: string;
  generatedAt: string;
  requestType: string;
  partialWarning: string;
  yourData: string;
  system: string;
  outcome: string;
  records: string;
  categoriesFound: string;
  filesNote: string;
  whatWasDone: string;
  done: string;
  kept: string;
  keptBasis: string;
  keptUntil: string;
  nothingKept: string;
  purposes: string;
  legalBasis: string;
  legitimateInterest: string;
  legalObligation: string;
  dataCategories: string;
  recipients: string;
  retention: string;
  sources: string;
  sourcesNotFromYou: string;
  allFromYou: string;
  automatedDecisions: string;
  noAutomatedDecisions: string;
  significantEffects: string;
  logic: string;
  transfers: string;
  noTransfers: string;
  countries: string;
  safeguards: string;
  recipientsInformed: string;
  yourRights: string;
  complaint: string;
  dpo: string;
  none: string;
  yes: string;
  no: string;
  outcomes: Record<string, string>;
  actions: Record<string, string>;
  requestTypes: Record<string, string>;
  legalBases: Record<string, string>;
  safeguardNames: Record<string, string>;
  retentionEvents: Record<string, string>;
  units: { years: [string, string]; months: [string, string]; weeks: [string, string]; days: [string, string] };
  retentionFrom: string;
  retentionUntil: string;
  then: string;
  rights: string[];
  postMortemRight: string;
}

const en: ReportStrings = {
  title: { access: 'Your personal data', portability: 'Your data, for transfer', 'action-report': 'What we did with your request' },
  intro: 'This report answers your request. It lists the data we hold about you and everything the law requires us to tell you about it.',
  reference: 'Reference',
  generatedAt: 'Prepared on',
  requestType: 'Request',
  partialWarning:
    'Some systems had not answered when this reply was prepared; our data protection officer decided to send it now. What they hold will follow.',
  yourData: 'Your data, system by system',
  system: 'System',
  outcome: 'Result',
  records: 'Records',
  categoriesFound: 'Categories',
  filesNote: 'The data itself is in this package, in JSON and CSV, in the folder systems/ (see manifest.json).',
  whatWasDone: 'What was done, system by system',
  done: 'Done',
  kept: 'Kept',
  keptBasis: 'why',
  keptUntil: 'until',
  nothingKept: 'Nothing was kept.',
  purposes: 'Why we process your data',
  legalBasis: 'Legal basis',
  legitimateInterest: 'Our legitimate interest',
  legalObligation: 'Legal obligation',
  dataCategories: 'Categories of data',
  recipients: 'Recipients',
  retention: 'How long we keep it',
  sources: 'Where the data comes from',
  sourcesNotFromYou: 'Data not collected from you comes from:',
  allFromYou: 'All the data we hold was collected from you.',
  automatedDecisions: 'Automated decisions and profiling',
  noAutomatedDecisions: 'We take no decision about you based solely on automated processing.',
  significantEffects: 'Legal or similarly significant effects',
  logic: 'Logic involved',
  transfers: 'Transfers outside the European Union',
  noTransfers: 'Your data is not transferred outside the European Economic Area.',
  countries: 'Countries',
  safeguards: 'Safeguards',
  recipientsInformed: 'Recipients told of this (GDPR Art. 19)',
  yourRights: 'Your other rights',
  complaint: 'You may lodge a complaint with the supervisory authority:',
  dpo: 'Our data protection officer',
  none: 'none',
  yes: 'yes',
  no: 'no',
  outcomes: {
    exported: 'data found',
    completed: 'done',
    'no-data': 'no data about you',
    failed: 'could not be reached',
    pending: 'not answered yet',
  },
  actions: {
    export: 'export',
    erase: 'erasure',
    rectify: 'rectification',
    restrict: 'restriction',
    resume: 'restriction lifted',
    object: 'objection',
    'withdraw-consent': 'consent withdrawn',
    erased: 'erased',
    anonymised: 'anonymised',
    rectified: 'rectified',
    restricted: 'restricted',
    exportedRecords: 'exported',
  },
  requestTypes: {
    access: 'access to your data (GDPR Art. 15)',
    rectification: 'rectification (GDPR Art. 16)',
    erasure: 'erasure (GDPR Art. 17)',
    restriction: 'restriction of processing (GDPR Art. 18)',
    objection: 'objection (GDPR Art. 21)',
    portability: 'data portability (GDPR Art. 20)',
    'consent-withdrawal': 'withdrawal of consent (GDPR Art. 7(3))',
    information: 'information about how we process your data (GDPR Arts. 13-15)',
  },
  legalBases: {
    consent: 'your consent (Art. 6(1)(a))',
    contract: 'the performance of a contract with you (Art. 6(1)(b))',
    'legal-obligation': 'a legal obligation (Art. 6(1)(c))',
    'vital-interests': 'vital interests (Art. 6(1)(d))',
    'public-task': 'a task in the public interest (Art. 6(1)(e))',
    'legitimate-interests': 'our legitimate interests (Art. 6(1)(f))',
  },
  safeguardNames: {
    'adequacy-decision': 'adequacy decision of the European Commission (Art. 45)',
    'standard-contractual-clauses': 'standard contractual clauses (Art. 46(2)(c))',
    'binding-corporate-rules': 'binding corporate rules (Art. 47)',
    'code-of-conduct': 'approved code of conduct (Art. 46(2)(e))',
    certification: 'approved certification (Art. 46(2)(f))',
    'ad-hoc-clauses': 'contractual clauses authorised by the authority (Art. 46(3)(a))',
    'art-49-derogation': 'derogation for a specific situation (Art. 49)',
    unspecified: 'safeguards not specified in our privacy policy; ask our data protection officer',
  },
  retentionEvents: {
    collection: 'collection',
    'first-contact': 'first contact',
    'last-contact': 'last contact',
    'last-purchase': 'last purchase',
    'last-activity': 'last activity',
    'contract-end': 'the end of the contract',
    'account-closure': 'account closure',
    'financial-year-end': 'the end of the financial year',
    'consent-withdrawal': 'withdrawal of consent',
    'alert-issued': 'the alert',
    'case-closed': 'the case is closed',
    'fraud-list-registration': 'registration on the fraud list',
    'proceedings-end': 'the end of proceedings',
    'request-closed': 'the request is closed',
  },
  units: { years: ['year', 'years'], months: ['month', 'months'], weeks: ['week', 'weeks'], days: ['day', 'days'] },
  retentionFrom: 'from',
  retentionUntil: 'until',
  then: 'then',
  rights: [
    'access your data (Art. 15)',
    'have it rectified (Art. 16)',
    'have it erased (Art. 17)',
    'restrict its processing (Art. 18)',
    'receive it in a portable form (Art. 20)',
    'object to its processing, at any time to direct marketing (Art. 21)',
    'withdraw your consent at any time, without affecting what was done before (Art. 7(3))',
  ],
  postMortemRight: 'leave directives on what happens to your data after your death (French law, LIL art. 85)',
};

const fr: ReportStrings = {
  title: {
    access: 'Vos données personnelles',
    portability: 'Vos données, pour les transférer',
    'action-report': 'Suite donnée à votre demande',
  },
  intro:
    'Ce rapport répond à votre demande. Il présente les données que nous détenons sur vous et tout ce que la loi nous impose de vous en dire.',
  reference: 'Référence',
  generatedAt: 'Établi le',
  requestType: 'Demande',
  partialWarning:
    "Certains systèmes n'avaient pas répondu lorsque cette réponse a été préparée ; notre délégué à la protection des données a décidé de l'envoyer dès maintenant. Le reste suivra.",
  yourData: 'Vos données, système par système',
  system: 'Système',
  outcome: 'Résultat',
  records: 'Enregistrements',
  categoriesFound: 'Catégories',
  filesNote: 'Les données elles-mêmes sont dans ce paquet, en JSON et en CSV, dans le dossier systems/ (voir manifest.json).',
  whatWasDone: 'Ce qui a été fait, système par système',
  done: 'Fait',
  kept: 'Conservé',
  keptBasis: 'motif',
  keptUntil: "jusqu'au",
  nothingKept: "Rien n'a été conservé.",
  purposes: 'Pourquoi nous traitons vos données',
  legalBasis: 'Base légale',
  legitimateInterest: 'Notre intérêt légitime',
  legalObligation: 'Obligation légale',
  dataCategories: 'Catégories de données',
  recipients: 'Destinataires',
  retention: 'Durée de conservation',
  sources: 'Origine des données',
  sourcesNotFromYou: "Les données qui n'ont pas été collectées auprès de vous proviennent de :",
  allFromYou: 'Toutes les données que nous détenons ont été collectées auprès de vous.',
  automatedDecisions: 'Décisions automatisées et profilage',
  noAutomatedDecisions: 'Nous ne prenons aucune décision vous concernant fondée exclusivement sur un traitement automatisé.',
  significantEffects: 'Effets juridiques ou similaires importants',
  logic: 'Logique sous-jacente',
  transfers: "Transferts hors de l'Union européenne",
  noTransfers: "Vos données ne sont pas transférées hors de l'Espace économique européen.",
  countries: 'Pays',
  safeguards: 'Garanties',
  recipientsInformed: 'Destinataires informés (RGPD art. 19)',
  yourRights: 'Vos autres droits',
  complaint: "Vous pouvez introduire une réclamation auprès de l'autorité de contrôle :",
  dpo: 'Notre délégué à la protection des données',
  none: 'aucun',
  yes: 'oui',
  no: 'non',
  outcomes: {
    exported: 'données trouvées',
    completed: 'fait',
    'no-data': 'aucune donnée vous concernant',
    failed: 'injoignable',
    pending: 'pas encore de réponse',
  },
  actions: {
    export: 'export',
    erase: 'effacement',
    rectify: 'rectification',
    restrict: 'limitation',
    resume: 'limitation levée',
    object: 'opposition',
    'withdraw-consent': 'consentement retiré',
    erased: 'effacés',
    anonymised: 'anonymisés',
    rectified: 'rectifiés',
    restricted: 'limités',
    exportedRecords: 'exportés',
  },
  requestTypes: {
    access: 'accès à vos données (RGPD art. 15)',
    rectification: 'rectification (RGPD art. 16)',
    erasure: 'effacement (RGPD art. 17)',
    restriction: 'limitation du traitement (RGPD art. 18)',
    objection: 'opposition (RGPD art. 21)',
    portability: 'portabilité (RGPD art. 20)',
    'consent-withdrawal': 'retrait du consentement (RGPD art. 7(3))',
    information: 'information sur le traitement de vos données (RGPD art. 13 à 15)',
  },
  legalBases: {
    consent: 'votre consentement (art. 6(1)(a))',
    contract: "l'exécution d'un contrat avec vous (art. 6(1)(b))",
    'legal-obligation': 'une obligation légale (art. 6(1)(c))',
    'vital-interests': 'la sauvegarde des intérêts vitaux (art. 6(1)(d))',
    'public-task': "une mission d'intérêt public (art. 6(1)(e))",
    'legitimate-interests': 'notre intérêt légitime (art. 6(1)(f))',
  },
  safeguardNames: {
    'adequacy-decision': "décision d'adéquation de la Commission européenne (art. 45)",
    'standard-contractual-clauses': 'clauses contractuelles types (art. 46(2)(c))',
    'binding-corporate-rules': "règles d'entreprise contraignantes (art. 47)",
    'code-of-conduct': 'code de conduite approuvé (art. 46(2)(e))',
    certification: 'certification approuvée (art. 46(2)(f))',
    'ad-hoc-clauses': "clauses contractuelles autorisées par l'autorité (art. 46(3)(a))",
    'art-49-derogation': 'dérogation pour une situation particulière (art. 49)',
    unspecified: 'garanties non précisées dans notre politique ; interrogez notre délégué à la protection des données',
  },
  retentionEvents: {
    collection: 'la collecte',
    'first-contact': 'le premier contact',
    'last-contact': 'le dernier contact',
    'last-purchase': 'le dernier achat',
    'last-activity': 'la dernière activité',
    'contract-end': 'la fin du contrat',
    'account-closure': 'la clôture du compte',
    'financial-year-end': "la clôture de l'exercice",
    'consent-withdrawal': 'le retrait du consentement',
    'alert-issued': "l'alerte",
    'case-closed': 'la clôture du dossier',
    'fraud-list-registration': "l'inscription sur la liste de fraude",
    'proceedings-end': 'la fin de la procédure',
    'request-closed': 'la clôture de la demande',
  },
  units: { years: ['an', 'ans'], months: ['mois', 'mois'], weeks: ['semaine', 'semaines'], days: ['jour', 'jours'] },
  retentionFrom: 'à compter de',
  retentionUntil: "jusqu'à",
  then: 'puis',
  rights: [
    'accéder à vos données (art. 15)',
    'les faire rectifier (art. 16)',
    'les faire effacer (art. 17)',
    'en limiter le traitement (art. 18)',
    'les recevoir dans un format portable (art. 20)',
    'vous opposer à leur traitement, à tout moment à la prospection (art. 21)',
    'retirer votre consentement à tout moment, sans effet sur ce qui a été fait auparavant (art. 7(3))',
  ],
  postMortemRight: 'définir des directives sur le sort de vos données après votre décès (loi Informatique et Libertés, art. 85)',
};

export const REPORT_STRINGS: Record<Language, ReportStrings> = { en, fr };
