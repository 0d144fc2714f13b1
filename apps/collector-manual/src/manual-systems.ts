import { ControllerProfile } from '@dsar/domain';

/** The manual systems of the controller profiles, and whom their tasks are assigned to. */
export class ManualSystems {
  constructor(
    private readonly profiles: ReadonlyMap<string, ControllerProfile>,
    private readonly only: readonly string[] = [],
  ) {}

  serves(systemId: string, controllerId: string): boolean {
    const system = this.profiles.get(controllerId)?.systems.find((s) => s.id === systemId);
    return system?.kind === 'manual' && (this.only.length === 0 || this.only.includes(systemId));
  }

  /** The system's owner; without one, the controller's DPO answers for it. */
  ownerOf(systemId: string, controllerId: string): string | undefined {
    const profile = this.profiles.get(controllerId);
    return profile?.systems.find((s) => s.id === systemId)?.owner?.email ?? profile?.dpo?.email;
  }

  languageOf(controllerId: string): string | undefined {
    return this.profiles.get(controllerId)?.languages[0];
  }
}
