import { RequestType } from '../vocabulary';

/** What each kind of request needs, beyond who asks and about whom (GDPR Arts. 15-22, LIL 84-86). */

export interface AccessDetails {
  scope: 'all' | 'categories';
  categories?: string[];
}

export interface RectificationItem {
  /** Which data, in the subject's words or a category id. */
  data: string;
  currentValue?: string;
  correctedValue: string;
}
export interface RectificationDetails {
  items: RectificationItem[];
  /** Blob keys of supporting documents. */
  evidence?: string[];
}

/** Art. 17(1)(a)-(f). */
export const ERASURE_GROUNDS = [
  'no-longer-necessary',
  'consent-withdrawn',
  'objection',
  'unlawful-processing',
  'legal-obligation',
  'collected-from-child',
] as const;
export interface ErasureDetails {
  scope: 'all' | 'categories';
  categories?: string[];
  ground: (typeof ERASURE_GROUNDS)[number];
}

/** Art. 18(1)(a)-(d). */
export const RESTRICTION_GROUNDS = ['accuracy-contested', 'unlawful-processing', 'needed-for-legal-claims', 'objection-pending'] as const;
export interface RestrictionDetails {
  ground: (typeof RESTRICTION_GROUNDS)[number];
  categories?: string[];
}

/** Art. 21(1), (2) and (6). Direct marketing needs no reason and cannot be refused. */
export const OBJECTION_PROCESSING = ['legitimate-interests', 'profiling', 'direct-marketing', 'research-statistics'] as const;
export interface ObjectionDetails {
  processing: (typeof OBJECTION_PROCESSING)[number];
  purposes?: string[];
  reasons?: string;
}

export const PORTABILITY_FORMATS = ['json', 'csv'] as const;
export interface PortabilityDetails {
  formats: (typeof PORTABILITY_FORMATS)[number][];
  transmitTo?: { controllerName: string; endpoint: string };
}

export interface ConsentWithdrawalDetails {
  purposes: string[];
}

export const INFORMATION_TOPICS = [
  'purposes',
  'categories',
  'recipients',
  'retention',
  'sources',
  'transfers',
  'automated-decisions',
  'rights',
] as const;
export interface InformationDetails {
  topics?: (typeof INFORMATION_TOPICS)[number][];
}

export const DIRECTIVE_ACTIONS = ['erase', 'retain', 'communicate'] as const;
export interface DirectiveInstruction {
  /** A data category, or a processing for a specific directive. */
  target: string;
  action: (typeof DIRECTIVE_ACTIONS)[number];
  /** For `communicate`: to whom. */
  recipient?: string;
}
export interface PostMortemDirectiveDetails {
  action: 'register' | 'change' | 'revoke';
  /** General directives cover all data; specific ones a given processing (LIL art. 85). */
  scope?: 'general' | 'specific';
  instructions?: DirectiveInstruction[];
  designatedPerson?: { fullName: string; email: string };
  /** The directive changed or revoked. */
  directiveReference?: string;
}

export const DECEASED_SUBJECT_PURPOSES = [
  'settle-estate',
  'family-souvenirs',
  'close-accounts',
  'object-to-processing',
  'update-data',
  'execute-directive',
] as const;
export interface DeceasedSubjectDetails {
  dateOfDeath: string;
  purpose: (typeof DECEASED_SUBJECT_PURPOSES)[number];
  explanation?: string;
}

export interface RequestDetailsByType {
  access: AccessDetails;
  rectification: RectificationDetails;
  erasure: ErasureDetails;
  restriction: RestrictionDetails;
  objection: ObjectionDetails;
  portability: PortabilityDetails;
  'consent-withdrawal': ConsentWithdrawalDetails;
  information: InformationDetails;
  'post-mortem-directive': PostMortemDirectiveDetails;
  'deceased-subject': DeceasedSubjectDetails;
}

export type RequestDetails = RequestDetailsByType[RequestType];

export interface DetailProblem {
  field: string;
  message: string;
}

/**
 * The rules between fields that a schema cannot say alone. Shapes and enums are checked
 * at the API edge; this checks what the law makes conditional.
 */
export function checkRequestDetails(type: RequestType, details: RequestDetails): DetailProblem[] {
  const problems: DetailProblem[] = [];
  const needCategories = (scope: string, categories?: string[]) => {
    if (scope === 'categories' && !categories?.length)
      problems.push({ field: 'details.categories', message: 'name at least one category when the scope is "categories"' });
  };
  switch (type) {
    case 'access':
      needCategories((details as AccessDetails).scope, (details as AccessDetails).categories);
      break;
    case 'erasure':
      needCategories((details as ErasureDetails).scope, (details as ErasureDetails).categories);
      break;
    case 'objection': {
      const objection = details as ObjectionDetails;
      if (
        (objection.processing === 'legitimate-interests' || objection.processing === 'research-statistics') &&
        !objection.reasons?.trim()
      ) {
        problems.push({
          field: 'details.reasons',
          message: 'an objection to this processing gives grounds relating to the subject’s particular situation (GDPR Art. 21(1))',
        });
      }
      break;
    }
    case 'post-mortem-directive': {
      const directive = details as PostMortemDirectiveDetails;
      if (directive.action !== 'revoke' && !directive.instructions?.length) {
        problems.push({ field: 'details.instructions', message: 'a directive says what should happen to which data' });
      }
      if (directive.action !== 'revoke' && !directive.scope)
        problems.push({ field: 'details.scope', message: 'a directive is general or specific' });
      if (directive.action !== 'register' && !directive.directiveReference) {
        problems.push({ field: 'details.directiveReference', message: 'name the directive to change or revoke' });
      }
      directive.instructions?.forEach((instruction, index) => {
        if (instruction.action === 'communicate' && !instruction.recipient) {
          problems.push({ field: `details.instructions.${index}.recipient`, message: 'say to whom the data should be communicated' });
        }
      });
      break;
    }
    case 'deceased-subject': {
      const deceased = details as DeceasedSubjectDetails;
      if (Number.isNaN(Date.parse(deceased.dateOfDeath)) || Date.parse(deceased.dateOfDeath) > Date.now()) {
        problems.push({ field: 'details.dateOfDeath', message: 'must be a past date' });
      }
      break;
    }
  }
  return problems;
}

/** Why a refusal on the merits is barred, for the record and for the answer given to staff. */
export interface RefusalBar {
  code: 'refusal-not-allowed';
  basis: string;
}

/**
 * Whether a request may be refused on its merits, at any step (intake's decision or the reply's
 * review): an objection to direct marketing never (GDPR Art. 21(3)), nor a withdrawal of consent
 * (Art. 7(3)). Returns what bars the refusal, or undefined when it may be refused.
 */
export function refusalBar(type: RequestType, details: RequestDetails | Record<string, unknown>): RefusalBar | undefined {
  if (type === 'objection' && (details as Partial<ObjectionDetails>).processing === 'direct-marketing') {
    return { code: 'refusal-not-allowed', basis: 'GDPR Art. 21(3)' };
  }
  if (type === 'consent-withdrawal') return { code: 'refusal-not-allowed', basis: 'GDPR Art. 7(3)' };
  return undefined;
}
