import { ControllerProfile } from './controller-profile';

/**
 * A small valid profile for the specs of this folder: French law, two languages, every section
 * filled in. Each call returns a fresh copy the caller may modify.
 */
export function sampleProfile(): ControllerProfile {
  return structuredClone(SAMPLE);
}

const SAMPLE: ControllerProfile = {
  id: 'sample',
  legalEntity: {
    name: 'Sample SAS',
    address: { lines: ['1 rue de la Paix'], postalCode: '75002', locality: 'Paris', country: 'FR' },
  },
  dpo: { email: 'dpo@sample.example' },
  languages: ['fr', 'en'],
  jurisdictions: [{ regime: 'fr-gdpr' }],
  supervisoryAuthorities: [{ id: 'cnil', name: 'CNIL', country: 'FR', lead: true }],
  channels: [
    { id: 'web', kind: 'web' },
    { id: 'email', kind: 'email', email: 'privacy@sample.example' },
    { id: 'post', kind: 'post', postalAddress: { lines: ['Sample SAS'], postalCode: '75002', locality: 'Paris', country: 'FR' } },
  ],
  rights: [
    { type: 'access' },
    { type: 'rectification' },
    { type: 'erasure' },
    { type: 'restriction' },
    { type: 'objection' },
    { type: 'portability' },
    { type: 'consent-withdrawal' },
    { type: 'post-mortem-directive', channels: ['post'] },
    { type: 'deceased-subject' },
  ],
  deadlines: { regime: 'fr-gdpr', country: 'FR', timeZone: 'Europe/Paris' },
  identity: {
    default: { accepted: ['account-login', 'email-code'], idDocument: 'on-reasonable-doubt' },
    byRequestType: { 'post-mortem-directive': { accepted: ['id-document'], idDocument: 'on-reasonable-doubt' } },
    representatives: {
      'parent-or-guardian': { accepted: ['family-record-book'] },
      heir: { accepted: ['heirship-certificate', 'family-record-book'] },
      'designated-person': { accepted: ['designation-in-directives'] },
      agent: { accepted: ['mandate'], confirmWithSubject: true },
    },
  },
  fees: { extraCopies: { charged: false } },
  minors: { guardianActsBelowAge: 15, consentBy: 'parent-and-minor-jointly' },
  postMortem: { rules: 'fr-lil-84-86', directives: ['general', 'particular'] },
  register: {
    dataCategories: [
      { id: 'identity', name: { fr: 'Identité', en: 'Identity' } },
      { id: 'contact', name: { fr: 'Coordonnées', en: 'Contact details' } },
      { id: 'invoices', name: { fr: 'Factures', en: 'Invoices' } },
      { id: 'marketing', name: { fr: 'Préférences marketing', en: 'Marketing preferences' } },
    ],
    sources: [{ id: 'subject', name: { fr: 'Vous', en: 'You' }, kind: 'data-subject' }],
    recipients: [{ id: 'host', name: { fr: 'Hébergeur SAS', en: 'Host SAS' }, kind: 'processor', named: true, country: 'FR' }],
    purposes: [
      {
        id: 'account',
        name: { fr: 'Compte', en: 'Account' },
        legalBasis: 'contract',
        dataCategories: ['identity', 'contact'],
        sources: ['subject'],
        recipients: ['host'],
        retention: {
          until: 'account-closure',
          basis: 'GDPR Art. 5(1)(e)',
          then: [{ period: 'P5Y', startsAt: 'account-closure', basis: 'Code civil art. 2224' }],
        },
      },
      {
        id: 'accounting',
        name: { fr: 'Comptabilité', en: 'Accounting' },
        legalBasis: 'legal-obligation',
        legalObligation: 'Code de commerce art. L123-22',
        dataCategories: ['identity', 'invoices'],
        sources: ['subject'],
        recipients: [],
        retention: { period: 'P10Y', startsAt: 'financial-year-end', basis: 'Code de commerce art. L123-22' },
      },
      {
        id: 'newsletter',
        name: { fr: 'Lettre', en: 'Newsletter' },
        legalBasis: 'consent',
        dataCategories: ['contact', 'marketing'],
        sources: ['subject'],
        recipients: ['host'],
        retention: { until: 'consent-withdrawal', basis: 'GDPR Art. 7(3)' },
      },
    ],
    transfers: [],
    automatedDecisions: [],
  },
  systems: [
    { id: 'crm', name: 'CRM', kind: 'database' },
    { id: 'mailer', name: 'Mailer', kind: 'http-api' },
    { id: 'ledger', name: 'Ledger', kind: 'manual' },
  ],
  systemsMap: { identity: ['crm', 'ledger'], contact: ['crm', 'mailer'], invoices: ['ledger'], marketing: ['mailer'] },
};
