import type { PostMortemOutcome } from '@dsar/contracts';
import { PostMortemDirectiveKind, PostMortemPolicy } from '../profiles/controller-profile';
import { DirectiveInstruction, PostMortemDirectiveDetails } from '../requests/request-details';

/** What a directive holds (LIL art. 85-I): for which data, what should happen, and who carries it out. */
export interface DirectiveContent {
  /** General directives cover all the person's data; specific ones a given processing. */
  scope: 'general' | 'specific';
  instructions: DirectiveInstruction[];
  designatedPerson?: { fullName: string; email: string };
}

/** A directive in the registry, named by the reference of the request that registered it. */
export interface RegisteredDirective {
  reference: string;
  /** The author, who is the subject: the address they proved. */
  subjectEmail: string;
  status: 'active' | 'revoked';
  /** 1 when registered, one more at each change or revocation. */
  version: number;
  content: DirectiveContent;
}

export const DIRECTIVE_REFUSALS = [
  'post-mortem-rules-not-applicable',
  'directive-kind-not-offered',
  'directive-not-found',
  'directive-revoked',
  'not-the-author',
] as const;
export type DirectiveRefusalCode = (typeof DIRECTIVE_REFUSALS)[number];

export type DirectiveChange =
  | {
      outcome: Extract<PostMortemOutcome, 'directive-registered' | 'directive-changed' | 'directive-revoked'>;
      directive: RegisteredDirective;
    }
  | { outcome: 'refused'; refusal: DirectiveRefusalCode; basis: string };

const LIL_85_I = 'Loi Informatique et Libertés art. 85-I';

/** The request's word for the kind of directive, and the profile's (LIL art. 85-I says "particulières"). */
export function directiveKindOf(scope: DirectiveContent['scope']): PostMortemDirectiveKind {
  return scope === 'general' ? 'general' : 'particular';
}

export const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What a post-mortem directive request does to the registry: a registration creates a directive;
 * a change replaces what the directive holds (what it leaves out it keeps), a revocation ends it,
 * both only by its author and only while it is in force. Nothing where the law the profile names
 * knows no directives, or for a kind of directive the controller does not take in.
 */
export function applyDirectiveRequest(
  policy: PostMortemPolicy,
  request: { reference: string; subjectEmail: string; details: PostMortemDirectiveDetails },
  existing: RegisteredDirective | undefined,
): DirectiveChange {
  const refuse = (refusal: DirectiveRefusalCode): DirectiveChange => ({ outcome: 'refused', refusal, basis: LIL_85_I });
  if (policy.rules === 'none') {
    return { outcome: 'refused', refusal: 'post-mortem-rules-not-applicable', basis: 'Rights end at death under the applicable law' };
  }
  const { details } = request;
  if (details.scope && !policy.directives.includes(directiveKindOf(details.scope))) return refuse('directive-kind-not-offered');
  if (details.action === 'register') {
    return {
      outcome: 'directive-registered',
      directive: {
        reference: request.reference,
        subjectEmail: request.subjectEmail,
        status: 'active',
        version: 1,
        content: contentOf(details),
      },
    };
  }
  if (!existing) return refuse('directive-not-found');
  if (!sameAddress(existing.subjectEmail, request.subjectEmail)) return refuse('not-the-author');
  if (existing.status === 'revoked') return refuse('directive-revoked');
  const version = existing.version + 1;
  if (details.action === 'revoke') return { outcome: 'directive-revoked', directive: { ...existing, status: 'revoked', version } };
  return { outcome: 'directive-changed', directive: { ...existing, version, content: contentOf(details, existing.content) } };
}

function contentOf(details: PostMortemDirectiveDetails, previous?: DirectiveContent): DirectiveContent {
  const designatedPerson = details.designatedPerson ?? previous?.designatedPerson;
  return {
    scope: details.scope ?? previous?.scope ?? 'general',
    instructions: details.instructions ?? previous?.instructions ?? [],
    ...(designatedPerson ? { designatedPerson } : {}),
  };
}
