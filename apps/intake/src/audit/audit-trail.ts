import { Injectable } from '@nestjs/common';
import { AuditEntry, AuditEntryDraft, chainAuditEntry, ChainVerdict, verifyAuditChain } from '@dsar/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

function toDomain(row: AuditEntryEntity): AuditEntry {
  return {
    requestId: row.requestId,
    sequence: row.sequence,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind, id: row.actorId },
    action: row.action,
    fromStatus: row.fromStatus ?? undefined,
    toStatus: row.toStatus ?? undefined,
    reason: row.reason ?? undefined,
    details: row.details ?? undefined,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

export interface TrailVerdict {
  requestId: string;
  verdict: ChainVerdict;
}

/**
 * Appends to and verifies the audit trail. Appends happen in the transaction of the change
 * they record, with the request row locked, so a request's chain grows one link at a time.
 */
@Injectable()
export class AuditTrail {
  async append(manager: EntityManager, draft: AuditEntryDraft): Promise<AuditEntry> {
    const last = await manager.findOne(AuditEntryEntity, { where: { requestId: draft.requestId }, order: { sequence: 'DESC' } });
    const [entry] = await this.insert(manager, [chainAuditEntry(last ? toDomain(last) : undefined, draft)]);
    return entry;
  }

  /** The first links of a new request's trail, chained in memory and written in one statement. */
  async start(manager: EntityManager, drafts: AuditEntryDraft[]): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (const draft of drafts) entries.push(chainAuditEntry(entries.at(-1), draft));
    return this.insert(manager, entries);
  }

  private async insert(manager: EntityManager, entries: AuditEntry[]): Promise<AuditEntry[]> {
    await manager.insert(
      AuditEntryEntity,
      entries.map((entry) => ({
        requestId: entry.requestId,
        sequence: entry.sequence,
        at: new Date(entry.at),
        actorKind: entry.actor.kind,
        actorId: entry.actor.id,
        action: entry.action,
        fromStatus: entry.fromStatus ?? null,
        toStatus: entry.toStatus ?? null,
        reason: entry.reason ?? null,
        details: (entry.details ?? null) as never,
        previousHash: entry.previousHash,
        hash: entry.hash,
      })),
    );
    return entries;
  }

  async entriesOf(manager: EntityManager, requestId: string): Promise<AuditEntry[]> {
    const rows = await manager.find(AuditEntryEntity, { where: { requestId }, order: { sequence: 'ASC' } });
    return rows.map(toDomain);
  }

  /** Verifies every request's chain, streaming request by request. */
  async verifyAll(dataSource: DataSource, onVerdict: (verdict: TrailVerdict) => void): Promise<{ requests: number; broken: number }> {
    const ids: { id: string }[] = await dataSource.query('SELECT id FROM intake.requests ORDER BY created_at, id');
    let broken = 0;
    for (const { id } of ids) {
      const verdict = verifyAuditChain(id, await this.entriesOf(dataSource.manager, id));
      if (!verdict.valid || verdict.entries === 0) broken++;
      onVerdict({
        requestId: id,
        verdict: verdict.entries === 0 ? { valid: false, entries: 0, brokenAt: 1, problem: 'no audit entry at all' } : verdict,
      });
    }
    return { requests: ids.length, broken };
  }
}
