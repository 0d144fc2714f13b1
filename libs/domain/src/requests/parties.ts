import { RequestType, RequesterKind } from '../vocabulary';
import { DetailProblem } from './request-details';

/** A person named in a request: the subject, or the requester acting for them. */
export interface Person {
  email: string;
  fullName?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  /** ISO 3166-1 alpha-2: decides the supervisory authority where a controller lists several. */
  countryOfResidence?: string;
}

export interface Requester {
  kind: RequesterKind;
  person: Person;
  /** How a representative relates to the subject, in their words (e.g. "mother", "son"). */
  relationship?: string;
}

export function ageOn(dateOfBirth: string, today: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  let age = today.getUTCFullYear() - year;
  if (today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day)) age--;
  return age;
}

/**
 * Who may ask what (GDPR Art. 8 and 12, LIL arts. 84-86, EDPB 01/2022 §§80-81): the
 * subject for themselves; a parent or guardian for a minor under the controller's age
 * threshold; an heir or the designated person about a deceased subject; an agent with a
 * mandate, except for the subject's own post-mortem directives.
 */
export function checkRequester(
  type: RequestType,
  requester: Requester,
  subject: Person,
  context: { minorAgeThreshold: number; today: Date },
): DetailProblem[] {
  const problems: DetailProblem[] = [];
  const deceasedRepresentative = requester.kind === 'heir' || requester.kind === 'designated-person';
  if (type === 'deceased-subject' && !deceasedRepresentative) {
    problems.push({ field: 'requester.kind', message: 'a request about a deceased subject is made by an heir or the designated person' });
  }
  if (deceasedRepresentative && type !== 'deceased-subject') {
    problems.push({ field: 'type', message: 'an heir or designated person makes a "deceased-subject" request' });
  }
  if (type === 'post-mortem-directive' && requester.kind !== 'subject') {
    problems.push({ field: 'requester.kind', message: 'post-mortem directives are given by the subject in person' });
  }
  if (requester.kind === 'parent-or-guardian') {
    if (!subject.dateOfBirth) {
      problems.push({ field: 'subject.dateOfBirth', message: 'needed when a parent or guardian acts for a minor' });
    } else if (ageOn(subject.dateOfBirth, context.today) >= context.minorAgeThreshold) {
      problems.push({
        field: 'subject.dateOfBirth',
        message: `the subject is not under ${context.minorAgeThreshold}: they make the request themselves`,
      });
    }
  }
  if (requester.kind !== 'subject' && requester.person.email.toLowerCase() === subject.email.toLowerCase() && requester.kind !== 'agent') {
    problems.push({
      field: 'requester.person.email',
      message: 'a representative uses their own e-mail address, distinct from the subject’s',
    });
  }
  return problems;
}
