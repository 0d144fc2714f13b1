import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { MailQueue } from '../delivery/mail-queue';
import { DeferredEvents } from './deferred-events';
import { RequestMail, WaitsForKnownRequest } from './request-mail';

/** Sends the one-time code or the magic link of a verification challenge. */
@Injectable()
@HandlesEvents(EventTypes.VerificationChallengeIssued)
export class VerificationChallengeHandler implements DsarEventHandler {
  constructor(private readonly mail: MailQueue) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationChallengeIssued>;
    const byLink = data.method === 'magic-link';
    await this.mail.queue(manager, {
      key: event.id,
      kind: byLink ? 'verification-link' : 'verification-code',
      recipient: data.recipient,
      controllerId: event.controllerid,
      language: data.language,
      requestId: data.requestId,
      data: byLink ? { link: data.link, expiresAt: data.expiresAt } : { code: data.code, expiresAt: data.expiresAt },
    });
  }
}

/** Passes the DPO's request for more information on to the requester. */
@Injectable()
@HandlesEvents(EventTypes.VerificationInformationRequested)
export class InformationRequestedHandler implements DsarEventHandler {
  constructor(private readonly mail: RequestMail) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationInformationRequested>;
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
@HandlesEvents(EventTypes.VerificationReviewRequested)
export class VerificationReviewHandler extends WaitsForKnownRequest {
  constructor(
    private readonly mail: RequestMail,
    deferred: DeferredEvents,
  ) {
    super(deferred, EventTypes.VerificationReviewRequested);
  }

  protected apply(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationReviewRequested>;
    return this.mail.toDpo(manager, event, data.requestId, 'staff-verification-review', (deadline) => ({
      reason: data.reason,
      dueAt: deadline.dueAt.toISOString(),
    }));
  }
}
