import { sampleProfile } from './controller-profile.fixture';
import { verificationPlanFor } from './identity-plan';

function profileAskingAnIdCopyAlways() {
  const profile = sampleProfile();
  profile.identity = {
    default: { accepted: ['id-document'], idDocument: 'always' },
    representatives: { agent: { accepted: ['mandate'], confirmWithSubject: true } },
  };
  return profile;
}

describe('verificationPlanFor', () => {
  it('asks only control of the e-mail address when the profile accepts an e-mailed code', () => {
    const profile = sampleProfile();
    profile.identity = { default: { accepted: ['email-code'], idDocument: 'on-reasonable-doubt' } };
    expect(verificationPlanFor(profile, 'access', 'subject')).toMatchObject({ steps: ['email'], source: 'default' });
  });

  it('follows a profile that demands an ID copy with every access or erasure request', () => {
    const profile = profileAskingAnIdCopyAlways();
    expect(verificationPlanFor(profile, 'access', 'subject').steps).toEqual(['email', 'id-document']);
    expect(verificationPlanFor(profile, 'erasure', 'subject').steps).toEqual(['email', 'id-document']);
  });

  it.each(['information', 'objection', 'consent-withdrawal'] as const)(
    'makes the proportionate path the default for a low-risk %s request, even under a strict profile',
    (type) => {
      expect(verificationPlanFor(profileAskingAnIdCopyAlways(), type, 'subject')).toMatchObject({
        steps: ['email'],
        source: 'proportionate-default',
      });
    },
  );

  it('lets the profile decide for a low-risk type it names', () => {
    const profile = profileAskingAnIdCopyAlways();
    profile.identity.byRequestType = { objection: { accepted: ['id-document'], idDocument: 'always' } };
    expect(verificationPlanFor(profile, 'objection', 'subject')).toMatchObject({ steps: ['email', 'id-document'], source: 'request-type' });
  });

  it('checks known identifiers when the profile accepts them and no e-mailed proof', () => {
    const profile = sampleProfile();
    profile.identity = { default: { accepted: ['known-identifiers', 'id-document'], idDocument: 'on-reasonable-doubt' } };
    expect(verificationPlanFor(profile, 'portability', 'subject').steps).toEqual(['email', 'known-identifiers']);
  });

  it('asks a representative for proof of standing, with the profile proofs and the confirmation of the subject', () => {
    const plan = verificationPlanFor(profileAskingAnIdCopyAlways(), 'access', 'agent');
    expect(plan.steps).toEqual(['email', 'id-document', 'authority-proof', 'subject-confirmation']);
    expect(plan.authorityProofs).toEqual(['mandate']);
    expect(plan.confirmWithSubject).toBe(true);
  });

  it('falls back on the usual proofs when the profile names none for that kind of representative', () => {
    const plan = verificationPlanFor(profileAskingAnIdCopyAlways(), 'erasure', 'heir');
    expect(plan.authorityProofs).toEqual(['heirship-certificate', 'family-record-book']);
  });
});
