import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { ProblemException } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationPolicies } from '../verifications/verification-policies';
import { VerificationProgress } from '../verifications/verification-progress';
import { assertSubjectSession } from '../verifications/subject-session';
import { IdentifierMatchEntity } from './identifier-match.entity';

const KIND = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function validIdentifiers(raw: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(raw);
  const errors = entries.flatMap(([kind, value]) =>
    !KIND.test(kind)
      ? [{ field: `identifiers.${kind.slice(0, 40)}`, message: 'kinds are lower-case words joined by -' }]
      : typeof value !== 'string' || value.trim().length === 0 || value.length > 200
        ? [{ field: `identifiers.${kind}`, message: 'must be a text of 1 to 200 characters' }]
        : [],
  );
  if (entries.length === 0 || entries.length > 20) errors.push({ field: 'identifiers', message: 'give 1 to 20 identifiers' });
  if (errors.length > 0) throw new ProblemException(HttpStatus.BAD_REQUEST, 'validation-failed', 'The request is not valid.', errors);
  return Object.fromEntries(entries.map(([kind, value]) => [kind, (value as string).trim()]));
}

/**
 * The requester gives identifiers the controller already knows; each system of the controller
 * is asked through its collector whether they match. The answer comes later, and never says
 * which value was wrong.
 */
@Injectable()
export class SubmitIdentifiersUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly policies: VerificationPolicies,
    private readonly progress: VerificationProgress,
  ) {}

  async execute(requestId: string, token: string | undefined, raw: Record<string, unknown>, now = new Date()) {
    const identifiers = validIdentifiers(raw);
    return this.dataSource.transaction(async (manager) => {
      const verification = await manager.findOne(VerificationEntity, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
      assertSubjectSession(verification, token);
      if (verification.nextStep() !== 'known-identifiers' || verification.status !== 'pending') {
        throw new ProblemException(HttpStatus.CONFLICT, 'identifiers-not-expected', 'This verification does not wait for identifiers now.');
      }
      if ((await manager.countBy(IdentifierMatchEntity, { verificationId: verification.id, outcome: IsNull() })) > 0) {
        throw new ProblemException(HttpStatus.CONFLICT, 'identifiers-being-checked', 'The identifiers given are being checked.');
      }
      const systems = this.policies.profile(verification.controllerId)?.systems.filter((s) => s.kind !== 'manual') ?? [];
      verification.identifiers = identifiers;
      await manager.update(VerificationEntity, { id: verification.id }, { identifiers });
      await this.progress.log(
        manager,
        verification,
        'subject',
        'identifiers-given',
        { kinds: Object.keys(identifiers), systems: systems.length },
        now,
      );
      if (systems.length === 0) {
        await this.progress.requestReview(manager, verification, 'identifiers-inconclusive', now);
        return { requestId, status: 'checking' as const };
      }
      for (const system of systems) {
        const matchId = randomUUID();
        await manager.insert(IdentifierMatchEntity, {
          id: matchId,
          verificationId: verification.id,
          systemId: system.id,
          outcome: null,
          requestedAt: now,
          reportedAt: null,
        });
        await this.outbox.add(
          manager,
          createEvent({
            type: EventTypes.IdentifierMatchRequested,
            source: 'dsar/identity',
            subject: requestId,
            controllerId: verification.controllerId,
            time: now,
            data: { requestId, matchId, systemId: system.id, identities: { email: verification.subjectEmail }, identifiers },
          }),
        );
      }
      return { requestId, status: 'checking' as const };
    });
  }
}
