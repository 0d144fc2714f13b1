import { Language, RequestType } from '../vocabulary';
import {
  ChannelEndpoint,
  ControllerProfile,
  IdentityRequirement,
  IsoCountryCode,
  LocalizedText,
  ProfileDeadlinePolicy,
  SupervisoryAuthority,
  SystemEntry,
} from './controller-profile';

function servesResidentsOf(authority: SupervisoryAuthority, country: IsoCountryCode): boolean {
  return (authority.countriesOfResidence ?? [authority.country]).includes(country);
}

/**
 * The supervisory authority a subject residing in `countryOfResidence` is pointed to (Art. 77):
 * the one that serves residents of that country, else the lead authority.
 */
export function authorityFor(profile: ControllerProfile, countryOfResidence?: IsoCountryCode): SupervisoryAuthority {
  const authorities = profile.supervisoryAuthorities;
  const country = countryOfResidence?.toUpperCase();
  const serving = country === undefined ? undefined : authorities.find((a) => servesResidentsOf(a, country));
  return serving ?? authorities.find((a) => a.lead) ?? authorities[0];
}

/** The identity requirement for one request type: its own, else the profile's default. */
export function identityPolicyFor(profile: ControllerProfile, requestType: RequestType): IdentityRequirement {
  return profile.identity.byRequestType?.[requestType] ?? profile.identity.default;
}

export function rightOffered(profile: ControllerProfile, requestType: RequestType): boolean {
  return profile.rights.some((right) => right.type === requestType);
}

/** The channels through which a request of this type may be made; none when the right is not offered. */
export function channelsFor(profile: ControllerProfile, requestType: RequestType): ChannelEndpoint[] {
  const right = profile.rights.find((r) => r.type === requestType);
  if (!right) return [];
  return right.channels ? profile.channels.filter((c) => right.channels?.includes(c.id)) : [...profile.channels];
}

/** The systems holding any of the given data categories, in the order the profile lists them. */
export function systemsHolding(profile: ControllerProfile, categories: readonly string[]): SystemEntry[] {
  const ids = new Set(categories.flatMap((category) => profile.systemsMap[category] ?? []));
  return profile.systems.filter((system) => ids.has(system.id));
}

/**
 * The deadline policy for a subject residing in `countryOfResidence`: the regime of the
 * jurisdiction that covers that country, the controller's holidays, time zone and target.
 */
export function deadlinePolicyFor(profile: ControllerProfile, countryOfResidence?: IsoCountryCode): ProfileDeadlinePolicy {
  const country = countryOfResidence?.toUpperCase();
  const jurisdiction = country === undefined ? undefined : profile.jurisdictions.find((j) => j.countriesOfResidence?.includes(country));
  return jurisdiction ? { ...profile.deadlines, regime: jurisdiction.regime } : { ...profile.deadlines };
}

/** A text in the wanted language, else in the profile's languages in order, else any. */
export function localize(text: LocalizedText, language: Language, profile?: Pick<ControllerProfile, 'languages'>): string {
  const order = [language, ...(profile?.languages ?? [])];
  for (const candidate of order) {
    const value = text[candidate];
    if (value !== undefined) return value;
  }
  return Object.values(text).find((value) => value !== undefined) ?? '';
}
