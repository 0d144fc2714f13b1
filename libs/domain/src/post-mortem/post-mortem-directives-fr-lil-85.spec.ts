import { PostMortemPolicy } from '../profiles/controller-profile';
import { PostMortemDirectiveDetails } from '../requests/request-details';
import { applyDirectiveRequest, RegisteredDirective } from './post-mortem-directives';

const FRANCE: PostMortemPolicy = { rules: 'fr-lil-84-86', directives: ['general', 'particular'] };
const AUTHOR = 'ada@example.org';
const REGISTER: PostMortemDirectiveDetails = {
  action: 'register',
  scope: 'general',
  instructions: [{ target: 'all', action: 'erase' }],
  designatedPerson: { fullName: 'Byron', email: 'byron@example.org' },
};

function registered(): RegisteredDirective {
  const change = applyDirectiveRequest(FRANCE, { reference: 'DSAR-AAAA-0001', subjectEmail: AUTHOR, details: REGISTER }, undefined);
  if (change.outcome !== 'directive-registered') throw new Error(`not registered: ${change.outcome}`);
  return change.directive;
}

describe('post-mortem directives under LIL art. 85-I', () => {
  it('registers a general directive, in force, with its instructions and designated person', () => {
    expect(registered()).toEqual({
      reference: 'DSAR-AAAA-0001',
      subjectEmail: AUTHOR,
      status: 'active',
      version: 1,
      content: { scope: 'general', instructions: REGISTER.instructions, designatedPerson: REGISTER.designatedPerson },
    });
  });

  it('changes what the author names and keeps the rest, as a new version', () => {
    const change = applyDirectiveRequest(
      FRANCE,
      {
        reference: 'DSAR-AAAA-0002',
        subjectEmail: 'ADA@example.org',
        details: { action: 'change', directiveReference: 'DSAR-AAAA-0001', instructions: [{ target: 'contact', action: 'retain' }] },
      },
      registered(),
    );
    expect(change).toMatchObject({
      outcome: 'directive-changed',
      directive: {
        reference: 'DSAR-AAAA-0001',
        version: 2,
        status: 'active',
        content: { scope: 'general', instructions: [{ target: 'contact', action: 'retain' }], designatedPerson: REGISTER.designatedPerson },
      },
    });
  });

  it('revokes a directive, which then can be neither changed nor revoked again', () => {
    const revoke = { action: 'revoke' as const, directiveReference: 'DSAR-AAAA-0001' };
    const change = applyDirectiveRequest(FRANCE, { reference: 'DSAR-AAAA-0003', subjectEmail: AUTHOR, details: revoke }, registered());
    expect(change).toMatchObject({ outcome: 'directive-revoked', directive: { status: 'revoked', version: 2 } });
    const revoked = change.outcome === 'directive-revoked' ? change.directive : undefined;
    expect(applyDirectiveRequest(FRANCE, { reference: 'DSAR-AAAA-0004', subjectEmail: AUTHOR, details: revoke }, revoked)).toMatchObject({
      outcome: 'refused',
      refusal: 'directive-revoked',
    });
  });

  it('lets only the author change or revoke a directive, and only one that exists', () => {
    const revoke = { action: 'revoke' as const, directiveReference: 'DSAR-AAAA-0001' };
    expect(
      applyDirectiveRequest(FRANCE, { reference: 'DSAR-B', subjectEmail: 'byron@example.org', details: revoke }, registered()),
    ).toMatchObject({ outcome: 'refused', refusal: 'not-the-author' });
    expect(applyDirectiveRequest(FRANCE, { reference: 'DSAR-B', subjectEmail: AUTHOR, details: revoke }, undefined)).toMatchObject({
      outcome: 'refused',
      refusal: 'directive-not-found',
    });
  });

  it('takes in only the kinds of directive the controller offers, and none where rights end at death', () => {
    const generalOnly: PostMortemPolicy = { rules: 'fr-lil-84-86', directives: ['general'] };
    const specific = { ...REGISTER, scope: 'specific' as const };
    expect(applyDirectiveRequest(generalOnly, { reference: 'R', subjectEmail: AUTHOR, details: specific }, undefined)).toMatchObject({
      outcome: 'refused',
      refusal: 'directive-kind-not-offered',
    });
    expect(
      applyDirectiveRequest({ rules: 'none', directives: [] }, { reference: 'R', subjectEmail: AUTHOR, details: REGISTER }, undefined),
    ).toMatchObject({ outcome: 'refused', refusal: 'post-mortem-rules-not-applicable' });
  });
});
