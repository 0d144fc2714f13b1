/**
 * What staff may do, named once. Every staff route declares one of these with
 * `@RequirePermission()`; a role is nothing but the permissions it holds.
 */
export const PERMISSIONS = [
  /** See requests: the queue, a request, its alerts, where its fulfilment stands. */
  'requests:read',
  /** Case handling: register a request received by post or e-mail, close an alert. */
  'requests:handle',
  /** Decide on a request: pause, resume, extend, refuse, issue an extra copy. */
  'requests:decide',
  /** Review identity: the verification queue, ID documents, approve, reject, ask for more. */
  'identity:review',
  /** Review a reply before it goes out: the draft, redactions, approve, reject. */
  'replies:review',
  /** Answer the manual collection tasks of systems without any integration. */
  'manual-tasks:handle',
  /** Read a request's audit trail. */
  'audit:read',
  /** See messages: templates, failed and in-doubt sends, and send them again. */
  'mail:read',
  /** Platform-wide administration: the embedded mode's mailbox (every controller's mail, codes included). */
  'platform:administer',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const STAFF_ROLES = ['admin', 'dpo', 'staff', 'auditor'] as const;
/**
 * admin: everything; dpo: every decision on requests, identity and replies, not the platform;
 * staff: case handling without decisions; auditor: reading only.
 */
export type StaffRole = (typeof STAFF_ROLES)[number];

const READING: Permission[] = ['requests:read', 'audit:read'];
const CASE_HANDLING: Permission[] = [...READING, 'requests:handle', 'manual-tasks:handle'];
const DECIDING: Permission[] = [...CASE_HANDLING, 'requests:decide', 'identity:review', 'replies:review', 'mail:read'];

export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  admin: [...DECIDING, 'platform:administer'],
  dpo: DECIDING,
  staff: CASE_HANDLING,
  auditor: READING,
};

/**
 * The permissions a staff member holds through their roles. Administering the platform spans
 * every controller, so someone whose account is limited to some controllers never holds it.
 */
export function permissionsOf(principal: { roles?: readonly StaffRole[]; controllers?: readonly string[] }): Set<Permission> {
  const held = new Set((principal.roles ?? []).flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
  if (principal.controllers !== undefined) held.delete('platform:administer');
  return held;
}

export function isStaffRole(value: unknown): value is StaffRole {
  return (STAFF_ROLES as readonly unknown[]).includes(value);
}
