import { RequesterKind, RequestType } from '../vocabulary';
import { AuthorityProof, ControllerProfile, IdentityRequirement, RepresentativeKind } from './controller-profile';

/**
 * Requests that change nothing a third party could exploit: telling someone what is done with
 * their data, stopping direct marketing, withdrawing a consent. Control of the e-mail address is
 * enough (EDPB 01/2022 §§65-79); asking more would deter the subject from a right that costs no one.
 */
export const LOW_RISK_REQUEST_TYPES: readonly RequestType[] = ['information', 'objection', 'consent-withdrawal'];

/** What must be proven, in order, before a request proceeds. */
export type VerificationStep = 'email' | 'known-identifiers' | 'id-document' | 'authority-proof' | 'subject-confirmation';

export interface VerificationPlan {
  steps: VerificationStep[];
  /** The requirement the plan was drawn from, for the record. */
  requirement: IdentityRequirement;
  /** Why the requirement applies: the profile's own rule for the type, its default, or the proportionate default. */
  source: 'request-type' | 'default' | 'proportionate-default';
  /** For a representative: the proofs of standing accepted (any one suffices). */
  authorityProofs?: AuthorityProof[];
  /** Agents: the subject is asked to confirm directly. */
  confirmWithSubject?: boolean;
}

const PROPORTIONATE: IdentityRequirement = { accepted: ['email-code'], idDocument: 'never' };

/** The law's usual proofs of standing when a profile names none (RULES.md, Identity). */
const USUAL_AUTHORITY_PROOFS: Record<RepresentativeKind, AuthorityProof[]> = {
  'parent-or-guardian': ['parental-authority-document', 'family-record-book'],
  heir: ['heirship-certificate', 'family-record-book'],
  'designated-person': ['designation-in-directives'],
  agent: ['mandate', 'power-of-attorney'],
};

/**
 * The verification plan of one request. Control of the contact address always comes first. A
 * low-risk request needs nothing more unless the profile asks it for that type by name; other
 * requests follow the profile: an ID copy when it is demanded always, known identifiers when no
 * e-mail based proof is accepted, an ID copy when nothing else is. A representative also shows
 * their standing; an agent's subject may be asked to confirm the mandate directly.
 */
export function verificationPlanFor(profile: ControllerProfile, requestType: RequestType, requesterKind: RequesterKind): VerificationPlan {
  const own = profile.identity.byRequestType?.[requestType];
  const lowRisk = LOW_RISK_REQUEST_TYPES.includes(requestType);
  const requirement = own ?? (lowRisk ? PROPORTIONATE : profile.identity.default);
  const source = own ? 'request-type' : lowRisk ? 'proportionate-default' : 'default';
  const steps: VerificationStep[] = ['email'];
  const emailSuffices = requirement.accepted.some((proof) => proof === 'email-code' || proof === 'account-login');
  if (requirement.idDocument === 'always') steps.push('id-document');
  else if (!emailSuffices) steps.push(requirement.accepted.includes('known-identifiers') ? 'known-identifiers' : 'id-document');
  const plan: VerificationPlan = { steps, requirement, source };
  if (requesterKind !== 'subject') {
    const representative = profile.identity.representatives?.[requesterKind];
    steps.push('authority-proof');
    plan.authorityProofs = representative?.accepted ?? USUAL_AUTHORITY_PROOFS[requesterKind];
    if (representative?.confirmWithSubject) {
      plan.confirmWithSubject = true;
      // The subject confirms, from their own address, that the agent acts for them (EDPB 01/2022 §§80-81).
      steps.push('subject-confirmation');
    }
  }
  return plan;
}
