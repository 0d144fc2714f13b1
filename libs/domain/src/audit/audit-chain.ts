import { createHash } from 'node:crypto';

/**
 * The audit trail of a request is a hash chain: each entry carries the hash of the one
 * before it (the first, a hash derived from the request id), and its own hash over its
 * canonical content. Changing, removing or reordering any entry breaks every hash after it.
 */
export interface AuditActor {
  kind: 'subject' | 'requester' | 'staff' | 'service' | 'system';
  id: string;
}

export interface AuditEntryDraft {
  requestId: string;
  at: string;
  actor: AuditActor;
  action: string;
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryDraft {
  sequence: number;
  previousHash: string;
  hash: string;
}

export type ChainVerdict = { valid: true; entries: number } | { valid: false; entries: number; brokenAt: number; problem: string };

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function genesisHash(requestId: string): string {
  return sha256(`dsar-audit-genesis:${requestId}`);
}

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256(canonical(entry));
}

/** The next link of a request's chain. */
export function chainAuditEntry(previous: AuditEntry | undefined, draft: AuditEntryDraft): AuditEntry {
  const link = {
    ...draft,
    sequence: previous ? previous.sequence + 1 : 1,
    previousHash: previous ? previous.hash : genesisHash(draft.requestId),
  };
  return { ...link, hash: hashAuditEntry(link) };
}

/** Checks one request's entries, in sequence order. */
export function verifyAuditChain(requestId: string, entries: AuditEntry[]): ChainVerdict {
  let previousHash = genesisHash(requestId);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    const { hash, ...rest } = entry;
    const fail = (problem: string): ChainVerdict => ({ valid: false, entries: entries.length, brokenAt: entry.sequence, problem });
    if (entry.requestId !== requestId) return fail('entry belongs to another request');
    if (entry.sequence !== index + 1) return fail(`sequence ${entry.sequence} where ${index + 1} was expected`);
    if (entry.previousHash !== previousHash) return fail('previous hash does not match the entry before');
    if (hashAuditEntry(rest) !== hash) return fail('content does not match its hash');
    previousHash = hash;
  }
  return { valid: true, entries: entries.length };
}
