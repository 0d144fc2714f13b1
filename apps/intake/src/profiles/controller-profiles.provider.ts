import { HttpStatus } from '@nestjs/common';
import { ControllerProfile } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';

/** The controllers this deployment answers for, loaded and validated at start-up. */
export class ControllerProfiles {
  constructor(private readonly profiles: Map<string, ControllerProfile>) {}

  get(controllerId: string): ControllerProfile {
    const profile = this.profiles.get(controllerId);
    if (!profile) throw new ProblemException(HttpStatus.NOT_FOUND, 'unknown-controller', `No controller "${controllerId}" is served here.`);
    return profile;
  }

  ids(): string[] {
    return [...this.profiles.keys()];
  }
}
