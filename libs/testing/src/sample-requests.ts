import { RequestType } from '@dsar/domain';

/** A valid body for every right, as a data subject (or their representative) would send it. */
export function sampleRequest(type: RequestType, email: string, controllerId = 'demo'): Record<string, unknown> {
  const subject = { email, fullName: 'Ada Lovelace', countryOfResidence: 'FR' };
  const bodies: Record<RequestType, Record<string, unknown>> = {
    access: { details: { scope: 'all' } },
    rectification: { details: { items: [{ data: 'postal address', currentValue: '1 rue A', correctedValue: '2 rue B' }] } },
    erasure: { details: { scope: 'all', ground: 'consent-withdrawn' } },
    restriction: { details: { ground: 'accuracy-contested' } },
    objection: { details: { processing: 'direct-marketing' } },
    portability: { details: { formats: ['json', 'csv'] } },
    'consent-withdrawal': { details: { purposes: ['newsletter'] } },
    information: { details: { topics: ['purposes', 'recipients'] } },
    'post-mortem-directive': {
      details: {
        action: 'register',
        scope: 'general',
        instructions: [{ target: 'all', action: 'erase' }],
        designatedPerson: { fullName: 'Byron', email: 'byron@example.org' },
      },
    },
    'deceased-subject': {
      details: { dateOfDeath: '2026-01-10', purpose: 'close-accounts' },
      requester: { kind: 'heir', email: `heir.${email}`, fullName: 'An Heir', relationship: 'daughter' },
    },
  };
  return { controllerId, type, subject, language: 'en', ...bodies[type] };
}
