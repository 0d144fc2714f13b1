import { MessageKind } from './message-kinds';

const DUE = '2026-12-22T22:59:59.999Z';
const REF = 'DSAR-7K3F-Q9ZD';

/** Made-up data for the staff preview of each template: no real person's data. */
export const SAMPLE_DATA: Record<MessageKind, Record<string, unknown>> = {
  acknowledgement: { reference: REF, requestType: 'access', dueAt: DUE, nextStep: 'confirm-identity' },
  'verification-code': { code: '042917', expiresAt: '2026-11-22T10:15:00Z' },
  'verification-link': { link: 'https://privacy.example.org/v1/verify/sample-token', expiresAt: '2026-11-22T10:15:00Z' },
  'information-requested': { reference: REF, message: 'Please send us the customer number shown on your last invoice.' },
  extension: { reference: REF, dueAt: '2027-02-22T22:59:59.999Z', reasons: 'Your request concerns records held in twelve systems.' },
  'package-ready': {
    reference: REF,
    downloadUrl: 'https://privacy.example.org/v1/downloads/sample-token',
    expiresAt: '2026-11-29T10:00:00Z',
    packageKind: 'access',
  },
  'download-code': { reference: REF, code: '318264', expiresAt: '2026-11-22T10:15:00Z' },
  'attempts-locked': { reference: REF, lock: 'download', lockedUntil: '2026-11-22T11:15:00Z' },
  rejection: { reference: REF, reason: 'manifestly-unfounded', explanation: 'The same request was answered last week.' },
  cancellation: { reference: REF },
  'post-mortem-directive-recorded': {
    reference: REF,
    postMortemOutcome: 'directive-registered',
    downloadUrl: 'https://privacy.example.org/v1/downloads/sample-token',
    expiresAt: '2026-11-29T10:00:00Z',
  },
  'deceased-subject-answered': {
    reference: REF,
    postMortemOutcome: 'data-communicated',
    downloadUrl: 'https://privacy.example.org/v1/downloads/sample-token',
    expiresAt: '2026-11-29T10:00:00Z',
  },
  'staff-new-request': { reference: REF, requestType: 'erasure', dueAt: DUE, channel: 'web', requesterKind: 'subject' },
  'staff-verification-review': { reference: REF, reason: 'id-document', dueAt: DUE },
  'staff-deadline-reminder': { reference: REF, requestType: 'access', dueAt: DUE, daysLeft: 3 },
  'staff-deadline-breached': { reference: REF, requestType: 'access', dueAt: DUE },
  'staff-attention-required': { reference: REF, reason: 'collector-failed', systemIds: ['demo-crm'], dueAt: DUE },
  'staff-digest': {
    date: '2026-12-20T08:00:00Z',
    openCount: 4,
    dueSoonDays: 7,
    dueSoon: [{ reference: REF, requestType: 'access', dueAt: DUE }],
    breached: [{ reference: 'DSAR-2B7C-X4PQ', requestType: 'erasure', dueAt: '2026-12-18T22:59:59.999Z' }],
    failures: 1,
  },
  'manual-task-assigned': { reference: REF, systemId: 'paper-archive', action: 'erase', respondBy: DUE },
  'recipient-notification': { reference: REF, recipientName: 'Example Mailing Ltd', action: 'erasure' },
};
