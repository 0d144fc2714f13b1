import { AuditEntry, chainAuditEntry, verifyAuditChain } from './audit-chain';

const requestId = '6f1c1e4a-1d5e-4a8e-9b9f-2f1f3c1d2e3f';

function trail(): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const add = (action: string, fromStatus: string | undefined, toStatus: string) =>
    entries.push(
      chainAuditEntry(entries.at(-1), {
        requestId,
        at: new Date(Date.UTC(2026, 0, entries.length + 1)).toISOString(),
        actor: { kind: 'service', id: 'intake' },
        action,
        fromStatus,
        toStatus,
      }),
    );
  add('received', undefined, 'received');
  add('request-verification', 'received', 'awaiting-verification');
  add('verify', 'awaiting-verification', 'verified');
  add('start-fulfilment', 'verified', 'in-progress');
  return entries;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyAuditChain(requestId, trail())).toEqual({ valid: true, entries: 4 });
  });

  it('detects an edited entry', () => {
    const entries = trail();
    entries[1] = { ...entries[1], reason: 'edited afterwards' };
    expect(verifyAuditChain(requestId, entries)).toMatchObject({ valid: false, brokenAt: 2, problem: 'content does not match its hash' });
  });

  it('detects an edited entry whose hash was recomputed, at the next link', () => {
    const entries = trail();
    const { sequence: _s, previousHash: _p, hash: _h, ...draft } = entries[1];
    entries[1] = chainAuditEntry(entries[0], { ...draft, actor: { kind: 'staff', id: 'mallory' } });
    expect(verifyAuditChain(requestId, entries)).toMatchObject({
      valid: false,
      brokenAt: 3,
      problem: 'previous hash does not match the entry before',
    });
  });

  it('detects a removed or reordered entry', () => {
    const removed = trail();
    removed.splice(2, 1);
    expect(verifyAuditChain(requestId, removed).valid).toBe(false);
    const reordered = trail();
    [reordered[1], reordered[2]] = [reordered[2], reordered[1]];
    expect(verifyAuditChain(requestId, reordered).valid).toBe(false);
  });

  it('does not depend on the order of keys in the stored details', () => {
    const first = chainAuditEntry(undefined, {
      requestId,
      at: '2026-01-01T00:00:00.000Z',
      actor: { kind: 'staff', id: 'dpo' },
      action: 'note',
      details: { b: 1, a: { d: 2, c: 3 } },
    });
    const reparsed = JSON.parse(JSON.stringify({ ...first, details: { a: { c: 3, d: 2 }, b: 1 } }));
    expect(verifyAuditChain(requestId, [reparsed]).valid).toBe(true);
  });
});
