import { ControllerProfile } from './controller-profile';
import { sampleProfile } from './controller-profile.fixture';
import { ProfileIssue, validateControllerProfile } from './validate-controller-profile';

function validate(change: (profile: ControllerProfile) => void = () => undefined) {
  const profile = sampleProfile();
  change(profile);
  return validateControllerProfile(profile);
}

const at = (issues: ProfileIssue[], path: string) => issues.filter((issue) => issue.path === path);
const codes = (issues: ProfileIssue[]) => issues.map((issue) => issue.code);

describe('validateControllerProfile', () => {
  it('accepts a complete profile without problems or warnings', () => {
    expect(validate()).toEqual({ problems: [], warnings: [] });
  });

  describe('identifiers and references', () => {
    it('reports a duplicate id at the second occurrence, naming the first', () => {
      const { problems } = validate((p) => {
        p.register.purposes[2].id = 'account';
      });
      expect(at(problems, 'register.purposes[2].id')).toEqual([
        { path: 'register.purposes[2].id', code: 'id.duplicate', message: 'duplicate id "account", already used at register.purposes[0]' },
      ]);
    });

    it('requires kebab-case ids, the controller id included', () => {
      const { problems } = validate((p) => {
        p.id = 'Sample_Co';
        p.systems[0].id = 'CRM';
      });
      expect(codes(at(problems, 'id'))).toEqual(['id.format']);
      expect(codes(at(problems, 'systems[0].id'))).toEqual(['id.format']);
    });

    it('reports references to undeclared categories, sources, recipients and purposes', () => {
      const { problems } = validate((p) => {
        p.register.purposes[0].dataCategories.push('health');
        p.register.purposes[0].sources = ['broker'];
        p.register.purposes[1].recipients = ['tax-office'];
        p.register.automatedDecisions.push({
          id: 'scoring',
          purpose: 'scoring',
          description: { fr: 'Score', en: 'Score' },
          significantEffects: false,
        });
      });
      expect(at(problems, 'register.purposes[0].dataCategories[2]')[0].message).toBe(
        'unknown data category "health" (declare it in register.dataCategories; known: identity, contact, invoices, marketing)',
      );
      expect(codes(at(problems, 'register.purposes[0].sources[0]'))).toEqual(['reference.unknown']);
      expect(codes(at(problems, 'register.purposes[1].recipients[0]'))).toEqual(['reference.unknown']);
      expect(codes(at(problems, 'register.automatedDecisions[0].purpose'))).toEqual(['reference.unknown']);
    });
  });

  describe('systems map', () => {
    it('reports an unknown system id and an unknown category', () => {
      const { problems } = validate((p) => {
        p.systemsMap.contact = ['crm', 'mailr'];
        p.systemsMap.health = ['crm'];
      });
      expect(at(problems, 'systemsMap.contact[1]')).toEqual([
        {
          path: 'systemsMap.contact[1]',
          code: 'systems-map.unknown-system',
          message: 'unknown system id "mailr"; declared systems: crm, mailer, ledger',
        },
      ]);
      expect(codes(at(problems, 'systemsMap.health'))).toEqual(['systems-map.unknown-category']);
    });

    it('warns when a category used by a purpose is held by no system, and when a system holds nothing', () => {
      const { problems, warnings } = validate((p) => {
        delete p.systemsMap.invoices;
        p.systemsMap.identity = ['crm'];
      });
      expect(problems).toEqual([]);
      expect(codes(at(warnings, 'register.dataCategories[2]'))).toEqual(['systems-map.category-not-held']);
      expect(codes(at(warnings, 'systems[2]'))).toEqual(['systems.holds-nothing']);
    });
  });

  describe('retention', () => {
    it('wants either `until`, or `period` with `startsAt`', () => {
      const { problems } = validate((p) => {
        p.register.purposes[1].retention = { period: 'P10Y', basis: 'Code de commerce art. L123-22' };
        p.register.purposes[2].retention = { until: 'consent-withdrawal', period: 'P3Y', startsAt: 'last-contact', basis: 'x' };
      });
      expect(at(problems, 'register.purposes[1].retention.startsAt')[0].code).toBe('retention.start-missing');
      expect(at(problems, 'register.purposes[2].retention.until')[0].code).toBe('retention.ambiguous');
    });

    it('checks durations down the `then` stages and `cases`', () => {
      const { problems } = validate((p) => {
        p.register.purposes[0].retention.then = [
          {
            period: '5 years',
            startsAt: 'account-closure',
            basis: 'Code civil art. 2224',
            cases: [{ when: { fr: 'Litige', en: 'Dispute' }, period: 'P0D', startsAt: 'proceedings-end', basis: 'x' }],
          },
        ];
      });
      expect(at(problems, 'register.purposes[0].retention.then[0].period')[0].message).toBe(
        '"5 years" must be an ISO 8601 duration such as P3Y, P13M or P30D',
      );
      expect(codes(at(problems, 'register.purposes[0].retention.then[0].cases[0].period'))).toEqual(['retention.duration']);
    });
  });

  describe('identity', () => {
    it('warns when an ID copy is demanded for every request, and says so for account holders', () => {
      const { problems, warnings } = validate((p) => {
        p.identity.default = { accepted: ['account-login', 'id-document'], idDocument: 'always' };
      });
      expect(problems).toEqual([]);
      const [warning] = at(warnings, 'identity.default.idDocument');
      expect(warning.code).toBe('identity.id-document-always');
      expect(warning.message).toContain('EDPB Guidelines 01/2022');
      expect(warning.message).toContain('already authenticated');
    });

    it('warns per request type, and for rules about rights not offered', () => {
      const { warnings } = validate((p) => {
        p.identity.byRequestType = { information: { accepted: ['id-document'], idDocument: 'always' } };
      });
      expect(codes(at(warnings, 'identity.byRequestType.information.idDocument'))).toEqual(['identity.id-document-always']);
      expect(codes(at(warnings, 'identity.byRequestType.information'))).toEqual(['identity.right-not-offered']);
    });

    it('rejects "never" with an ID document among the accepted proofs', () => {
      const { problems } = validate((p) => {
        p.identity.default = { accepted: ['id-document'], idDocument: 'never' };
      });
      expect(codes(at(problems, 'identity.default.idDocument'))).toEqual(['identity.contradiction']);
    });

    it('needs proofs of standing for heirs when heirs may act, and warns without agents', () => {
      const { problems, warnings } = validate((p) => {
        delete p.identity.representatives?.heir;
        delete p.identity.representatives?.agent;
      });
      expect(at(problems, 'identity.representatives')[0].message).toContain('"heir" proofs are required');
      expect(codes(at(warnings, 'identity.representatives'))).toEqual(['identity.agent-missing']);
    });
  });

  describe('rights the law grants', () => {
    it('warns for each right of the regime that the profile omits', () => {
      const { warnings } = validate((p) => {
        p.rights = p.rights.filter((r) => r.type !== 'portability' && r.type !== 'deceased-subject');
        p.identity.representatives = { 'parent-or-guardian': { accepted: ['family-record-book'] }, agent: { accepted: ['mandate'] } };
      });
      expect(at(warnings, 'rights').map((w) => w.message)).toEqual([
        '"portability" is not offered, yet GDPR Art. 20 (fr-gdpr) grants it; the law applies whatever the profile says',
        '"deceased-subject" is not offered, yet Loi Informatique et Libertés art. 85-II (fr-gdpr) grants it; the law applies whatever the profile says',
      ]);
    });

    it('does not expect consent withdrawal or portability where no processing rests on consent or contract', () => {
      const { warnings } = validate((p) => {
        p.rights = p.rights.filter((r) => r.type !== 'portability' && r.type !== 'consent-withdrawal');
        p.register.purposes = p.register.purposes.filter((purpose) => purpose.id === 'accounting');
      });
      expect(codes(at(warnings, 'rights'))).toEqual([]);
    });

    it('adds the rights of every jurisdiction', () => {
      const { warnings } = validate((p) => {
        p.jurisdictions.push({ regime: 'br-lgpd', countriesOfResidence: ['BR'] });
      });
      expect(at(warnings, 'rights').map((w) => w.message)).toEqual([
        expect.stringContaining('"information" is not offered, yet LGPD art. 18-VII'),
      ]);
    });
  });

  describe('jurisdictions, authorities and deadlines', () => {
    it('needs the deadline regime among the jurisdictions, and each country of residence once', () => {
      const { problems } = validate((p) => {
        p.jurisdictions = [
          { regime: 'uk-gdpr', countriesOfResidence: ['GB'] },
          { regime: 'ch-fadp', countriesOfResidence: ['CH', 'GB'] },
        ];
      });
      expect(codes(at(problems, 'deadlines.regime'))).toEqual(['deadlines.regime-not-in-jurisdictions']);
      expect(codes(at(problems, 'jurisdictions[1].countriesOfResidence[1]'))).toEqual(['jurisdictions.country-twice']);
    });

    it('needs one lead among several authorities, and one authority per country of residence', () => {
      const { problems } = validate((p) => {
        p.supervisoryAuthorities = [
          { id: 'cnil', name: 'CNIL', country: 'FR' },
          { id: 'ico', name: 'ICO', country: 'GB', countriesOfResidence: ['GB', 'FR'] },
        ];
      });
      expect(codes(at(problems, 'supervisoryAuthorities'))).toEqual(['authorities.no-lead']);
      expect(at(problems, 'supervisoryAuthorities[1].countriesOfResidence[1]')[0].message).toBe(
        'residents of FR are already served by "cnil"',
      );
    });

    it('checks country codes, subdivisions and time zones', () => {
      const { problems } = validate((p) => {
        p.deadlines = { regime: 'fr-gdpr', country: 'UK', subdivision: 'DE-BY', timeZone: 'Europe/Parris' };
      });
      expect(codes(problems)).toEqual(['country.unknown', 'deadlines.subdivision', 'deadlines.time-zone']);
      expect(at(problems, 'deadlines.country')[0].message).toBe('"UK" is not an ISO 3166-1 alpha-2 country code (e.g. FR, GB, PL)');
    });

    it('accepts a subdivision with or without its country prefix, as the deadline calculator does', () => {
      expect(validate((p) => (p.deadlines.subdivision = 'FR-57')).problems).toEqual([]);
      expect(validate((p) => (p.deadlines.subdivision = '57')).problems).toEqual([]);
    });

    it('warns when the internal target can never come before the legal deadline', () => {
      expect(validate((p) => (p.deadlines.internalTargetDays = 30)).warnings).toEqual([]);
      expect(codes(validate((p) => (p.deadlines.internalTargetDays = 31)).warnings)).toEqual(['deadlines.internal-target-not-shorter']);
      expect(codes(validate((p) => (p.deadlines.internalTargetDays = 0)).problems)).toEqual(['deadlines.internal-target']);
    });
  });

  describe('channels, rights and post-mortem', () => {
    it('checks the fields each kind of channel needs, and the channels rights refer to', () => {
      const { problems } = validate((p) => {
        p.channels[1] = { id: 'email', kind: 'email' };
        p.channels[0].email = 'x@sample.example';
        p.rights[7].channels = ['postal'];
      });
      expect(codes(at(problems, 'channels[1].email'))).toEqual(['channels.email-missing']);
      expect(codes(at(problems, 'channels[0].email'))).toEqual(['channels.field-for-kind']);
      expect(codes(at(problems, 'rights[7].channels[0]'))).toEqual(['reference.unknown']);
    });

    it('keeps post-mortem rules and post-mortem rights consistent', () => {
      const { problems } = validate((p) => {
        p.postMortem = { rules: 'none', directives: [] };
      });
      expect(codes(at(problems, 'rights[7].type'))).toEqual(['post-mortem.rules-none']);
      expect(codes(at(problems, 'rights[8].type'))).toEqual(['post-mortem.rules-none']);
      const directivesWithoutRight = validate((p) => {
        p.rights = p.rights.filter((r) => r.type !== 'post-mortem-directive');
      });
      expect(codes(at(directivesWithoutRight.problems, 'postMortem.directives'))).toEqual(['post-mortem.right-missing']);
    });
  });

  describe('register', () => {
    it('needs the interest for legitimate interests and the text for legal obligations', () => {
      const { problems } = validate((p) => {
        p.register.purposes[0].legalBasis = 'legitimate-interests';
        delete p.register.purposes[1].legalObligation;
      });
      expect(codes(at(problems, 'register.purposes[0].legitimateInterest'))).toEqual(['register.interest-missing']);
      expect(codes(at(problems, 'register.purposes[1].legalObligation'))).toEqual(['register.obligation-missing']);
    });

    it('warns about unidentified transfer safeguards, transfers inside the EEA and unnamed recipients', () => {
      const { problems, warnings } = validate((p) => {
        p.register.transfers.push({ id: 'offshore', countries: ['IN', 'DE'], safeguards: ['unspecified'] });
        p.register.recipients.push({ id: 'partners', name: { fr: 'Partenaires', en: 'Partners' }, kind: 'controller', named: false });
        p.register.recipients.push({ id: 'police', name: { fr: 'Police', en: 'Police' }, kind: 'authority', named: false });
      });
      expect(problems).toEqual([]);
      expect(codes(at(warnings, 'register.transfers[0].safeguards[0]'))).toEqual(['transfers.safeguard-unspecified']);
      expect(codes(at(warnings, 'register.transfers[0].countries[1]'))).toEqual(['transfers.inside-eea']);
      expect(at(warnings, 'register.recipients')[0].message).toContain('(partners)');
    });

    it('needs an Art. 22(2) exception and the logic for decisions with significant effects', () => {
      const { problems } = validate((p) => {
        p.register.automatedDecisions.push({
          id: 'scoring',
          purpose: 'account',
          description: { fr: 'Score', en: 'Score' },
          significantEffects: true,
        });
      });
      expect(codes(problems)).toEqual(['decisions.exception-missing', 'decisions.logic-missing']);
    });
  });

  describe('texts and minors', () => {
    it('needs every text in the first language and sums up the missing translations in one warning', () => {
      const { problems, warnings } = validate((p) => {
        p.register.dataCategories[0].name = { en: 'Identity' };
        p.register.dataCategories[1].name = { fr: 'Coordonnées' };
        p.register.purposes[0].name = { fr: 'Compte' };
      });
      expect(codes(at(problems, 'register.dataCategories[0].name'))).toEqual(['text.default-language-missing']);
      expect(at(warnings, 'languages')[0].message).toBe(
        '2 text(s) have no "en" version (register.dataCategories[1].name, register.purposes[0].name); replies in "en" fall back to "fr"',
      );
    });

    it('warns when minors are treated as adults earlier than the national age of digital consent', () => {
      const { warnings } = validate((p) => {
        p.minors.guardianActsBelowAge = 13;
      });
      expect(at(warnings, 'minors.guardianActsBelowAge')[0].message).toContain(
        'below the age of digital consent in FR (15, Loi Informatique et Libertés art. 45)',
      );
      expect(validate((p) => (p.minors.guardianActsBelowAge = 16)).warnings).toEqual([]);
    });
  });
});
