import { Injectable } from '@nestjs/common';
import { AuditActor, AuditEntry, chainAuditEntry, verifyAuditChain } from '@dsar/domain';
import { EntityManager } from 'typeorm';
import { FulfilmentAuditEntity } from '../fulfilments/fulfilment.entity';

/** Fulfilment's decisions (review, redaction, delivery, shredding) in a hash-chained, append-only trail per request. */
@Injectable()
export class FulfilmentAudit {
  async record(
    manager: EntityManager,
    requestId: string,
    actor: AuditActor,
    action: string,
    at: Date,
    extra: { reason?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    const last = await manager.findOne(FulfilmentAuditEntity, { where: { requestId }, order: { sequence: 'DESC' } });
    const entry = chainAuditEntry(last ? toEntry(last) : undefined, {
      requestId,
      at: at.toISOString(),
      actor,
      action,
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...(extra.details ? { details: extra.details } : {}),
    });
    await manager.insert(FulfilmentAuditEntity, {
      requestId,
      sequence: entry.sequence,
      at,
      actor,
      action,
      reason: entry.reason ?? null,
      details: (entry.details ?? null) as never,
      previousHash: entry.previousHash,
      hash: entry.hash,
    });
  }

  async trail(manager: EntityManager, requestId: string): Promise<{ entries: AuditEntry[]; valid: boolean }> {
    const rows = await manager.find(FulfilmentAuditEntity, { where: { requestId }, order: { sequence: 'ASC' } });
    const entries = rows.map(toEntry);
    return { entries, valid: verifyAuditChain(requestId, entries).valid };
  }
}

function toEntry(row: FulfilmentAuditEntity): AuditEntry {
  return {
    requestId: row.requestId,
    sequence: row.sequence,
    at: row.at.toISOString(),
    actor: row.actor as AuditActor,
    action: row.action,
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.details ? { details: row.details } : {}),
    previousHash: row.previousHash,
    hash: row.hash,
  };
}
