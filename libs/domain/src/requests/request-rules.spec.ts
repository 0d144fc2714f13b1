import { checkRequester } from './parties';
import { checkRequestDetails, refusalBar } from './request-details';

const today = new Date('2026-11-22T12:00:00Z');
const subject = { email: 'child@example.org', dateOfBirth: '2012-05-01' };
const parent = { kind: 'parent-or-guardian' as const, person: { email: 'parent@example.org' }, relationship: 'mother' };

describe('who may ask', () => {
  it('lets a parent act for a child under the controller’s threshold, not for an older one', () => {
    expect(checkRequester('access', parent, subject, { minorAgeThreshold: 15, today })).toEqual([]);
    expect(checkRequester('access', parent, subject, { minorAgeThreshold: 13, today })).toEqual([
      { field: 'subject.dateOfBirth', message: 'the subject is not under 13: they make the request themselves' },
    ]);
  });

  it('needs the minor’s date of birth', () => {
    expect(checkRequester('access', parent, { email: 'c@example.org' }, { minorAgeThreshold: 16, today })[0].field).toBe(
      'subject.dateOfBirth',
    );
  });

  it('keeps requests about a deceased subject to heirs and designated persons', () => {
    const heir = { kind: 'heir' as const, person: { email: 'heir@example.org' } };
    expect(checkRequester('deceased-subject', heir, { email: 'late@example.org' }, { minorAgeThreshold: 15, today })).toEqual([]);
    expect(
      checkRequester(
        'deceased-subject',
        { kind: 'subject', person: { email: 'late@example.org' } },
        { email: 'late@example.org' },
        { minorAgeThreshold: 15, today },
      ),
    ).toHaveLength(1);
    expect(checkRequester('erasure', heir, { email: 'late@example.org' }, { minorAgeThreshold: 15, today })[0].field).toBe('type');
  });

  it('keeps post-mortem directives personal', () => {
    const agent = { kind: 'agent' as const, person: { email: 'lawyer@example.org' } };
    expect(checkRequester('post-mortem-directive', agent, { email: 's@example.org' }, { minorAgeThreshold: 15, today })[0].field).toBe(
      'requester.kind',
    );
  });
});

describe('request details', () => {
  it('asks reasons for an objection to legitimate-interest processing, none for direct marketing', () => {
    expect(checkRequestDetails('objection', { processing: 'legitimate-interests' })).toEqual([
      expect.objectContaining({ field: 'details.reasons' }),
    ]);
    expect(checkRequestDetails('objection', { processing: 'direct-marketing' })).toEqual([]);
  });

  it('never refuses an objection to direct marketing or a withdrawal of consent on its merits', () => {
    expect(refusalBar('objection', { processing: 'direct-marketing' })).toEqual({ code: 'refusal-not-allowed', basis: 'GDPR Art. 21(3)' });
    expect(refusalBar('consent-withdrawal', { purposes: ['newsletter'] })).toEqual({
      code: 'refusal-not-allowed',
      basis: 'GDPR Art. 7(3)',
    });
    expect(refusalBar('objection', { processing: 'legitimate-interests', reasons: 'my situation' })).toBeUndefined();
    expect(refusalBar('erasure', { scope: 'all', ground: 'no-longer-necessary' })).toBeUndefined();
  });

  it('requires categories for a partial access or erasure', () => {
    expect(checkRequestDetails('access', { scope: 'categories' })[0].field).toBe('details.categories');
    expect(checkRequestDetails('erasure', { scope: 'categories', categories: ['marketing'], ground: 'consent-withdrawn' })).toEqual([]);
  });

  it('checks post-mortem directives: instructions to register, a reference to change or revoke', () => {
    expect(
      checkRequestDetails('post-mortem-directive', {
        action: 'register',
        scope: 'general',
        instructions: [{ target: 'all', action: 'erase' }],
      }),
    ).toEqual([]);
    expect(checkRequestDetails('post-mortem-directive', { action: 'revoke' }).map((p) => p.field)).toEqual(['details.directiveReference']);
    expect(
      checkRequestDetails('post-mortem-directive', {
        action: 'register',
        scope: 'specific',
        instructions: [{ target: 'photos', action: 'communicate' }],
      }).map((p) => p.field),
    ).toEqual(['details.instructions.0.recipient']);
  });

  it('requires a past date of death', () => {
    expect(checkRequestDetails('deceased-subject', { dateOfDeath: '2099-01-01', purpose: 'close-accounts' })[0].field).toBe(
      'details.dateOfDeath',
    );
  });
});
