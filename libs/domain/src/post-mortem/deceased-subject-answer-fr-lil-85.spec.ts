import { PostMortemPolicy } from '../profiles/controller-profile';
import { answerDeceasedSubjectRequest } from './deceased-subject-answer';
import { RegisteredDirective } from './post-mortem-directives';

const FRANCE: PostMortemPolicy = { rules: 'fr-lil-84-86', directives: ['general', 'particular'] };
const HEIR = { kind: 'heir' as const, email: 'heir@example.org' };
const DESIGNEE = { kind: 'designated-person' as const, email: 'byron@example.org' };

function directive(overrides: Partial<RegisteredDirective['content']> = {}, status: RegisteredDirective['status'] = 'active') {
  return {
    reference: 'DSAR-AAAA-0001',
    subjectEmail: 'ada@example.org',
    status,
    version: 1,
    content: {
      scope: 'general' as const,
      instructions: [{ target: 'learning', action: 'communicate' as const, recipient: 'Byron' }],
      designatedPerson: { fullName: 'Byron', email: 'Byron@example.org' },
      ...overrides,
    },
  };
}

describe('a request about a deceased subject under LIL art. 85', () => {
  it('lets the designated person carry out the directive: the data it communicates goes to them', () => {
    expect(answerDeceasedSubjectRequest(FRANCE, DESIGNEE, { purpose: 'execute-directive' }, [directive()])).toEqual({
      decision: 'carry-out',
      ground: 'directive',
      work: 'communicate',
      categories: ['learning'],
      directiveReference: 'DSAR-AAAA-0001',
      basis: 'Loi Informatique et Libertés art. 85-I',
    });
  });

  it('erases what a directive says to erase, everywhere when it says "all"; a directive that only retains asks nothing', () => {
    const erase = directive({ instructions: [{ target: 'all', action: 'erase' }] });
    expect(answerDeceasedSubjectRequest(FRANCE, DESIGNEE, { purpose: 'execute-directive' }, [erase])).toMatchObject({
      work: 'erase',
      categories: undefined,
    });
    const retain = directive({ instructions: [{ target: 'all', action: 'retain' }] });
    const answer = answerDeceasedSubjectRequest(FRANCE, DESIGNEE, { purpose: 'execute-directive' }, [retain]);
    expect(answer).toMatchObject({ decision: 'carry-out', ground: 'directive' });
    expect(answer).not.toHaveProperty('work');
  });

  it('refuses an heir when a directive designates someone to carry it out', () => {
    expect(answerDeceasedSubjectRequest(FRANCE, HEIR, { purpose: 'close-accounts' }, [directive()])).toMatchObject({
      decision: 'refuse',
      reason: 'requester-not-authorised',
      explanation: 'directives-designate-another-person',
    });
  });

  it('refuses someone claiming to be designated whom no directive in force names', () => {
    const other = { kind: 'designated-person' as const, email: 'someone@example.org' };
    expect(answerDeceasedSubjectRequest(FRANCE, other, { purpose: 'execute-directive' }, [directive()])).toMatchObject({
      decision: 'refuse',
      explanation: 'not-designated',
    });
    expect(answerDeceasedSubjectRequest(FRANCE, DESIGNEE, { purpose: 'execute-directive' }, [directive({}, 'revoked')])).toMatchObject({
      decision: 'refuse',
      explanation: 'not-designated',
    });
  });

  it('lets heirs carry out directives that designate no one', () => {
    const undesignated = directive({ designatedPerson: undefined, instructions: [{ target: 'all', action: 'erase' }] });
    expect(answerDeceasedSubjectRequest(FRANCE, HEIR, { purpose: 'execute-directive' }, [undesignated])).toMatchObject({
      decision: 'carry-out',
      ground: 'directive',
      work: 'erase',
    });
  });

  it.each([
    ['settle-estate', 'communicate', 'settle-estate'],
    ['family-souvenirs', 'communicate', 'settle-estate'],
    ['close-accounts', 'erase', 'death-taken-into-account'],
    ['object-to-processing', 'object', 'death-taken-into-account'],
    ['update-data', 'update', 'death-taken-into-account'],
  ] as const)('without directives, an heir asking to %s gets %s (LIL art. 85-II)', (purpose, work, ground) => {
    expect(answerDeceasedSubjectRequest(FRANCE, HEIR, { purpose }, [directive({}, 'revoked')])).toEqual({
      decision: 'carry-out',
      work,
      ground,
      basis: 'Loi Informatique et Libertés art. 85-II',
    });
  });

  it('refuses an heir asking to carry out directives there are none of, and everyone where rights end at death', () => {
    expect(answerDeceasedSubjectRequest(FRANCE, HEIR, { purpose: 'execute-directive' }, [])).toMatchObject({
      decision: 'refuse',
      reason: 'right-not-applicable',
      explanation: 'no-directive-to-carry-out',
    });
    expect(
      answerDeceasedSubjectRequest({ rules: 'none', directives: [] }, DESIGNEE, { purpose: 'settle-estate' }, [directive()]),
    ).toMatchObject({
      decision: 'refuse',
      reason: 'right-not-applicable',
      explanation: 'rights-end-at-death',
    });
  });
});
