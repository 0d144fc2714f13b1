import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationProgress } from '../verifications/verification-progress';
import { IdentifierMatchEntity } from './identifier-match.entity';

/**
 * A collector's answer: one system matching is enough; every system answering "no" fails the
 * verification; a system that could not tell leaves the decision to a human.
 */
@Injectable()
export class IdentifierMatchReportedHandler {
  constructor(private readonly progress: VerificationProgress) {}

  @OnEvent(EventTypes.IdentifierMatchReported)
  async handle(event: DsarEvent<typeof EventTypes.IdentifierMatchReported>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const match = await manager.findOneBy(IdentifierMatchEntity, { id: data.matchId, systemId: data.systemId });
    if (!match || match.outcome) return;
    const verification = await manager.findOne(VerificationEntity, {
      where: { id: match.verificationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!verification || verification.requestId !== data.requestId) return;
    const now = new Date(event.time);
    await manager.update(IdentifierMatchEntity, { id: match.id }, { outcome: data.outcome, reportedAt: now });
    if (verification.status !== 'pending' || verification.nextStep() !== 'known-identifiers') return;
    const matches = await manager.findBy(IdentifierMatchEntity, { verificationId: verification.id });
    const outcomes = matches.map((m) => (m.id === match.id ? data.outcome : m.outcome));
    if (outcomes.includes('matched')) {
      await manager.delete(IdentifierMatchEntity, { verificationId: verification.id });
      await this.progress.completeStep(manager, verification, 'known-identifiers', 'known-identifiers', `system:${data.systemId}`, now);
      return;
    }
    if (outcomes.some((o) => o === null)) return;
    await manager.delete(IdentifierMatchEntity, { verificationId: verification.id });
    if (outcomes.includes('failed')) await this.progress.requestReview(manager, verification, 'identifiers-inconclusive', now);
    else await this.progress.fail(manager, verification, 'identifiers-not-matched', 'identity', now);
  }
}
