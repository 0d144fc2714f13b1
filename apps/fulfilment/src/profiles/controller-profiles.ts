import { ControllerProfile } from '@dsar/domain';

/** The controllers this deployment answers for, loaded and validated at start-up. */
export class ControllerProfiles {
  constructor(private readonly profiles: Map<string, ControllerProfile>) {}

  /** A request for a controller not served here cannot be fulfilled: a configuration error, retried then dead-lettered. */
  get(controllerId: string): ControllerProfile {
    const profile = this.profiles.get(controllerId);
    if (!profile) throw new Error(`no controller profile "${controllerId}" is loaded in fulfilment`);
    return profile;
  }
}
