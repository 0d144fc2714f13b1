import { sampleProfile } from './controller-profile.fixture';
import { parseIsoDuration } from './durations';
import { authorityFor, channelsFor, deadlinePolicyFor, identityPolicyFor, localize, rightOffered, systemsHolding } from './profile-helpers';
import { formatProfilePath, parseProfilePath } from './profile-path';

/** The authorities of a policy that lists one per country of residence (Ambassade des Langues §5.4). */
function profileWithSeveralAuthorities() {
  const profile = sampleProfile();
  profile.supervisoryAuthorities = [
    { id: 'cnil', name: 'CNIL', country: 'FR', lead: true },
    { id: 'ico', name: 'ICO', country: 'GB' },
    { id: 'aepd', name: 'AEPD', country: 'ES' },
    { id: 'pfpdt', name: 'PFPDT', country: 'CH', countriesOfResidence: ['CH', 'LI'] },
  ];
  profile.jurisdictions = [{ regime: 'fr-gdpr' }, { regime: 'uk-gdpr', countriesOfResidence: ['GB'] }];
  return profile;
}

describe('authorityFor', () => {
  const profile = profileWithSeveralAuthorities();

  it.each([
    ['FR', 'cnil'],
    ['GB', 'ico'],
    ['ES', 'aepd'],
    ['CH', 'pfpdt'],
    ['LI', 'pfpdt'],
    ['gb', 'ico'],
    ['DE', 'cnil'],
  ])('a resident of %s is pointed to %s', (country, id) => {
    expect(authorityFor(profile, country).id).toBe(id);
  });

  it('points to the lead authority when the country of residence is unknown', () => {
    expect(authorityFor(profile).id).toBe('cnil');
  });

  it('uses the only authority of a profile that names one', () => {
    expect(authorityFor(sampleProfile(), 'US').id).toBe('cnil');
  });
});

describe('identityPolicyFor', () => {
  it('gives the rule of the request type, else the default', () => {
    const profile = sampleProfile();
    expect(identityPolicyFor(profile, 'post-mortem-directive')).toEqual({ accepted: ['id-document'], idDocument: 'on-reasonable-doubt' });
    expect(identityPolicyFor(profile, 'access')).toEqual({ accepted: ['account-login', 'email-code'], idDocument: 'on-reasonable-doubt' });
  });
});

describe('rightOffered and channelsFor', () => {
  const profile = sampleProfile();

  it('tells whether a right is offered', () => {
    expect(rightOffered(profile, 'erasure')).toBe(true);
    expect(rightOffered(profile, 'information')).toBe(false);
  });

  it('gives every channel, or the ones the right is restricted to', () => {
    expect(channelsFor(profile, 'access').map((c) => c.id)).toEqual(['web', 'email', 'post']);
    expect(channelsFor(profile, 'post-mortem-directive').map((c) => c.id)).toEqual(['post']);
    expect(channelsFor(profile, 'information')).toEqual([]);
  });
});

describe('systemsHolding', () => {
  const profile = sampleProfile();

  it('gives each system holding any of the categories once, in the order of the profile', () => {
    expect(systemsHolding(profile, ['invoices', 'contact']).map((s) => s.id)).toEqual(['crm', 'mailer', 'ledger']);
    expect(systemsHolding(profile, ['marketing']).map((s) => s.id)).toEqual(['mailer']);
  });

  it('ignores categories no system holds', () => {
    expect(systemsHolding(profile, ['unknown'])).toEqual([]);
  });
});

describe('deadlinePolicyFor', () => {
  it('takes the regime of the jurisdiction covering the country of residence, and keeps the rest', () => {
    const profile = profileWithSeveralAuthorities();
    expect(deadlinePolicyFor(profile, 'GB')).toEqual({ regime: 'uk-gdpr', country: 'FR', timeZone: 'Europe/Paris' });
    expect(deadlinePolicyFor(profile, 'ES').regime).toBe('fr-gdpr');
    expect(deadlinePolicyFor(profile).regime).toBe('fr-gdpr');
  });
});

describe('localize', () => {
  it('falls back to the profile languages in order', () => {
    const profile = sampleProfile();
    expect(localize({ fr: 'Identité', en: 'Identity' }, 'en', profile)).toBe('Identity');
    expect(localize({ fr: 'Identité' }, 'en', profile)).toBe('Identité');
    expect(localize({ en: 'Identity' }, 'fr')).toBe('Identity');
  });
});

describe('profile paths', () => {
  it('formats and parses JSON paths, quoting keys that are not plain', () => {
    const segments = ['register', 'purposes', 2, 'retention', 'startsAt'];
    expect(formatProfilePath(segments)).toBe('register.purposes[2].retention.startsAt');
    expect(parseProfilePath('register.purposes[2].retention.startsAt')).toEqual(segments);
    expect(formatProfilePath(['systemsMap', 'odd.key', 0])).toBe('systemsMap["odd.key"][0]');
    expect(parseProfilePath('systemsMap["odd.key"][0]')).toEqual(['systemsMap', 'odd.key', 0]);
    expect(parseProfilePath('identity.byRequestType.post-mortem-directive')).toEqual([
      'identity',
      'byRequestType',
      'post-mortem-directive',
    ]);
  });
});

describe('parseIsoDuration', () => {
  it.each([
    ['P10Y', { years: 10, months: 0, weeks: 0, days: 0 }],
    ['P1Y6M', { years: 1, months: 6, weeks: 0, days: 0 }],
    ['P13M', { years: 0, months: 13, weeks: 0, days: 0 }],
    ['P2W', { years: 0, months: 0, weeks: 2, days: 0 }],
  ])('reads %s', (value, parts) => {
    expect(parseIsoDuration(value)).toEqual(parts);
  });

  it.each(['P', 'P0D', '10Y', 'P1.5Y', 'PT12H', 'P3y', ''])('rejects %j', (value) => {
    expect(parseIsoDuration(value)).toBeUndefined();
  });
});
