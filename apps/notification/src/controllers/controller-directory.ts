import { authorityFor, ControllerProfile } from '@dsar/domain';

/** What the messages say about the controller: filled into every template from its profile. */
export interface ControllerContact {
  id: string;
  name: string;
  website?: string;
  dpoEmail?: string;
  dpoName?: string;
  /** The lead supervisory authority, used when an event names none. */
  authority?: { name: string; website?: string };
  languages: string[];
  timeZone: string;
}

/** The controller profiles this deployment answers for, as the templates need them. */
export class ControllerDirectory {
  constructor(private readonly profiles: Map<string, ControllerProfile>) {}

  /** The controller's contact; an unknown id gets a neutral one, so a message is never lost for it. */
  contactOf(controllerId: string): ControllerContact {
    const profile = this.profiles.get(controllerId);
    if (!profile) return { id: controllerId, name: controllerId, languages: ['en'], timeZone: 'UTC' };
    const authority = profile.supervisoryAuthorities.length > 0 ? authorityFor(profile) : undefined;
    return {
      id: profile.id,
      name: profile.legalEntity.name,
      website: profile.legalEntity.website,
      dpoEmail: profile.dpo?.email,
      dpoName: profile.dpo?.name,
      authority: authority ? { name: authority.name, website: authority.website } : undefined,
      languages: [...profile.languages],
      timeZone: profile.deadlines.timeZone,
    };
  }

  /** Where staff messages for this controller go: its DPO's address, when the profile gives one. */
  staffAddressOf(controllerId: string): string | undefined {
    return this.profiles.get(controllerId)?.dpo?.email;
  }

  /** The language staff messages are written in: the profile's first. */
  staffLanguageOf(controllerId: string): string {
    return this.profiles.get(controllerId)?.languages[0] ?? 'en';
  }

  ids(): string[] {
    return [...this.profiles.keys()];
  }

  has(controllerId: string): boolean {
    return this.profiles.has(controllerId);
  }
}
