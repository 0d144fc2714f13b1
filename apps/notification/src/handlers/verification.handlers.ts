import { Injectable } from '@nestjs/common';
import { sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { MailQueue } from '../delivery/mail-queue';
import { RequestMail } from './request-mail';

/** Sends the one-time code or the magic link of a verification challenge. */
@Injectable()
export class VerificationChallengeHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly sealer: SubjectSecretSealer,
  ) {}

  @OnEvent(EventTypes.VerificationChallengeIssued)
  async onChallengeIssued(event: DsarEvent<typeof EventTypes.VerificationChallengeIssued>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const byLink = data.method === 'magic-link';
    const secret = this.sealer.open(data.sealedSecret, sealingContext(event.type, data.requestId));
    await this.mail.queue(manager, {
      key: event.id,
      kind: byLink ? 'verification-link' : 'verification-code',
      recipient: data.recipient,
      controllerId: event.controllerid,
      language: data.language,
      requestId: data.requestId,
      data: byLink ? { link: secret, expiresAt: data.expiresAt } : { code: secret, expiresAt: data.expiresAt },
    });
  }
}

/** Passes the DPO's request for more information on to the requester. */
@Injectable()
export class InformationRequestedHandler {
  constructor(private readonly mail: RequestMail) {}

  @OnEvent(EventTypes.VerificationInformationRequested)
  async onInformationRequested(
    event: DsarEvent<typeof EventTypes.VerificationInformationRequested>,
    manager: EntityManager,
  ): Promise<void> {
    const { data } = event;
    await this.mail.about(manager, event, data.requestId, () => ({
      kind: 'information-requested',
      recipient: data.contactEmail,
      language: data.language,
      data: { message: data.message },
    }));
  }
}

/** Tells the DPO a verification waits for a person to review it. */
@Injectable()
export class VerificationReviewHandler {
  constructor(private readonly mail: RequestMail) {}

  @OnEvent(EventTypes.VerificationReviewRequested)
  onReviewRequested(event: DsarEvent<typeof EventTypes.VerificationReviewRequested>, manager: EntityManager): Promise<void> {
    const { data } = event;
    return this.mail.toDpo(manager, event, data.requestId, 'staff-verification-review', (deadline) => ({
      reason: data.reason,
      dueAt: deadline.dueAt.toISOString(),
    }));
  }
}
