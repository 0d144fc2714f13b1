import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IdentityConfig } from '../identity.config';
import { ChallengeEntity } from './challenge.entity';
import { hashCode, newOneTimeCode } from './one-time-code';

/** On a new request, issues an e-mail code and asks notification to deliver it. */
@Injectable()
@HandlesEvents(EventTypes.RequestReceived)
export class IssueChallengeHandler implements DsarEventHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.RequestReceived>;
    const code = newOneTimeCode();
    const challenge = Object.assign(new ChallengeEntity(), {
      id: randomUUID(),
      requestId: data.requestId,
      controllerId: event.controllerid,
      email: data.contactEmail,
      subjectEmail: data.subjectEmail,
      requestType: data.requestType,
      language: data.language,
      expiresAt: new Date(Date.now() + this.config.CODE_TTL_MINUTES * 60_000),
      attempts: 0,
      maxAttempts: this.config.CODE_MAX_ATTEMPTS,
      status: 'pending' as const,
    });
    challenge.codeHash = hashCode(this.config.IDENTITY_CODE_SECRET, challenge.id, code);
    await manager.insert(ChallengeEntity, challenge);
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.VerificationChallengeIssued,
        source: 'dsar/identity',
        subject: data.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: {
          requestId: data.requestId,
          challengeId: challenge.id,
          method: 'email-code',
          recipient: challenge.email,
          code,
          expiresAt: challenge.expiresAt.toISOString(),
          language: challenge.language,
        },
      }),
    );
  }
}
