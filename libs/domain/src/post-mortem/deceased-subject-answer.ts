import type { PostMortemOutcome } from '@dsar/contracts';
import { PostMortemPolicy } from '../profiles/controller-profile';
import { DeceasedSubjectDetails, DirectiveInstruction } from '../requests/request-details';
import { RejectionReason } from '../lifecycle/request-lifecycle';
import { RequesterKind } from '../vocabulary';
import { RegisteredDirective, sameAddress } from './post-mortem-directives';

/** What is done on the systems for someone acting for a deceased subject. */
export const POST_MORTEM_WORK = ['communicate', 'erase', 'object', 'update'] as const;
export type PostMortemWork = (typeof POST_MORTEM_WORK)[number];

/** Why: a directive carried out, or the heirs' own rights without one. */
export type PostMortemGround = 'directive' | 'settle-estate' | 'death-taken-into-account';

export type DeceasedSubjectAnswer =
  | {
      decision: 'carry-out';
      ground: PostMortemGround;
      /** Undefined when nothing is to be done on the systems (a directive that only retains). */
      work?: PostMortemWork;
      /** Register data categories; undefined means all. */
      categories?: string[];
      /** The directive carried out. */
      directiveReference?: string;
      basis: string;
    }
  | { decision: 'refuse'; reason: RejectionReason; explanation: DeceasedSubjectRefusal; basis: string };

export const DECEASED_SUBJECT_REFUSALS = [
  'rights-end-at-death',
  'directives-designate-another-person',
  'not-designated',
  'no-directive-to-carry-out',
] as const;
export type DeceasedSubjectRefusal = (typeof DECEASED_SUBJECT_REFUSALS)[number];

const LIL_85_I = 'Loi Informatique et Libertés art. 85-I';
const LIL_85_II = 'Loi Informatique et Libertés art. 85-II';

/** Without directives, what heirs may obtain or have done (LIL art. 85-II), by the purpose they give. */
const HEIRS_WORK: Record<DeceasedSubjectDetails['purpose'], { work: PostMortemWork; ground: PostMortemGround } | undefined> = {
  'settle-estate': { work: 'communicate', ground: 'settle-estate' },
  'family-souvenirs': { work: 'communicate', ground: 'settle-estate' },
  'close-accounts': { work: 'erase', ground: 'death-taken-into-account' },
  'object-to-processing': { work: 'object', ground: 'death-taken-into-account' },
  'update-data': { work: 'update', ground: 'death-taken-into-account' },
  'execute-directive': undefined,
};

/**
 * The answer to an heir or a designated person acting for a deceased subject, from the directives
 * in force and the law the profile names. France (LIL art. 85): the person a directive designates
 * carries it out; without designation the heirs do; without directives heirs may obtain what is
 * needed to settle the estate, have accounts closed, object to further processing and have the
 * data updated. Elsewhere rights end at death.
 */
export function answerDeceasedSubjectRequest(
  policy: PostMortemPolicy,
  requester: { kind: RequesterKind; email: string },
  details: Pick<DeceasedSubjectDetails, 'purpose'>,
  directives: RegisteredDirective[],
): DeceasedSubjectAnswer {
  if (policy.rules === 'none') {
    return {
      decision: 'refuse',
      reason: 'right-not-applicable',
      explanation: 'rights-end-at-death',
      basis: 'Rights end at death under the applicable law',
    };
  }
  const inForce = directives.filter((d) => d.status === 'active');
  const designating = inForce.filter((d) => d.content.designatedPerson);
  if (requester.kind === 'designated-person') {
    const own = designating.find((d) => sameAddress(d.content.designatedPerson!.email, requester.email));
    if (!own) return { decision: 'refuse', reason: 'requester-not-authorised', explanation: 'not-designated', basis: LIL_85_I };
    return carryOut(own);
  }
  if (designating.length > 0) {
    return {
      decision: 'refuse',
      reason: 'requester-not-authorised',
      explanation: 'directives-designate-another-person',
      basis: LIL_85_I,
    };
  }
  // No one designated: the heirs carry out the directives there are (LIL art. 85-I, third paragraph).
  if (inForce.length > 0) return carryOut(inForce[0]);
  const own = HEIRS_WORK[details.purpose];
  if (!own) return { decision: 'refuse', reason: 'right-not-applicable', explanation: 'no-directive-to-carry-out', basis: LIL_85_II };
  return { decision: 'carry-out', ...own, basis: LIL_85_II };
}

/**
 * A directive's instructions as work on the systems: its communication first (the designated
 * person receives the data), else its erasure; a directive that only retains asks nothing.
 */
function carryOut(directive: RegisteredDirective): DeceasedSubjectAnswer {
  const base = { decision: 'carry-out' as const, ground: 'directive' as const, directiveReference: directive.reference, basis: LIL_85_I };
  for (const [action, work] of [
    ['communicate', 'communicate'],
    ['erase', 'erase'],
  ] as const) {
    const instructions = directive.content.instructions.filter((i) => i.action === action);
    if (instructions.length > 0) return { ...base, work, categories: categoriesOf(instructions) };
  }
  return base;
}

/** The instructions' targets as categories; `all` means every category. */
function categoriesOf(instructions: DirectiveInstruction[]): string[] | undefined {
  const targets = instructions.map((i) => i.target);
  return targets.includes('all') ? undefined : [...new Set(targets)];
}

const OUTCOME_OF_WORK: Record<PostMortemWork, PostMortemOutcome> = {
  communicate: 'data-communicated',
  erase: 'data-erased',
  object: 'processing-stopped',
  update: 'data-updated',
};

/** What the requester is told was done: the work on the systems, or a directive noted that asked none. */
export function outcomeOfWork(work: PostMortemWork | undefined): PostMortemOutcome {
  return work ? OUTCOME_OF_WORK[work] : 'directive-noted';
}
