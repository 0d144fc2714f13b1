/** Every message the process owes, with who it is for. The kind names the template and the `X-DSAR-Kind` header. */
export const MESSAGE_KINDS = {
  acknowledgement: 'subject',
  'verification-code': 'subject',
  'verification-link': 'subject',
  'information-requested': 'subject',
  extension: 'subject',
  'package-ready': 'subject',
  'download-code': 'subject',
  'attempts-locked': 'subject',
  rejection: 'subject',
  cancellation: 'subject',
  'post-mortem-directive-recorded': 'subject',
  'deceased-subject-answered': 'subject',
  'staff-new-request': 'staff',
  'staff-verification-review': 'staff',
  'staff-deadline-reminder': 'staff',
  'staff-deadline-breached': 'staff',
  'staff-attention-required': 'staff',
  'staff-digest': 'staff',
  'manual-task-assigned': 'system-owner',
  'recipient-notification': 'recipient',
} as const;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export type Audience = (typeof MESSAGE_KINDS)[MessageKind];

export const ALL_MESSAGE_KINDS = Object.keys(MESSAGE_KINDS) as MessageKind[];

export function isMessageKind(value: string): value is MessageKind {
  return Object.prototype.hasOwnProperty.call(MESSAGE_KINDS, value);
}

export const audienceOf = (kind: MessageKind): Audience => MESSAGE_KINDS[kind];
