import { ControllerProfile, RequesterKind, RequestType, verificationPlanFor, VerificationPlan } from '@dsar/domain';

/** The verification policy of each controller served here, from its profile. */
export class VerificationPolicies {
  constructor(private readonly profiles: Map<string, ControllerProfile>) {}

  profile(controllerId: string): ControllerProfile | undefined {
    return this.profiles.get(controllerId);
  }

  /** Intake refuses unknown controllers; should one slip through, control of the address is still asked. */
  planFor(controllerId: string, requestType: RequestType, requesterKind: RequesterKind): VerificationPlan {
    const profile = this.profiles.get(controllerId);
    if (!profile)
      return { steps: ['email'], requirement: { accepted: ['email-code'], idDocument: 'never' }, source: 'proportionate-default' };
    return verificationPlanFor(profile, requestType, requesterKind);
  }
}
