import { AuthorityProof, RequesterKind } from '@dsar/domain';

/** What a representative may upload as proof of standing; heirs and designated persons also prove the death. */
export const DEATH_CERTIFICATE = 'death-certificate';
export type ProofKind = AuthorityProof | typeof DEATH_CERTIFICATE;

export function acceptedProofKinds(requesterKind: RequesterKind, accepted: AuthorityProof[]): ProofKind[] {
  return actsForDeceased(requesterKind) ? [...accepted, DEATH_CERTIFICATE] : [...accepted];
}

export function actsForDeceased(requesterKind: RequesterKind): boolean {
  return requesterKind === 'heir' || requesterKind === 'designated-person';
}

/**
 * Whether the proofs uploaded show the representative's standing: one accepted proof, and for
 * someone acting for a deceased subject, the death certificate as well.
 */
export function authorityProven(requesterKind: RequesterKind, accepted: AuthorityProof[], uploaded: string[]): boolean {
  const standing = uploaded.some((kind) => (accepted as string[]).includes(kind));
  return actsForDeceased(requesterKind) ? standing && uploaded.includes(DEATH_CERTIFICATE) : standing;
}
