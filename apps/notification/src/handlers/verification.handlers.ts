import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { ControllerDirectory } from '../controllers/controller-directory';
import { ContactEntity } from '../deadlines/contact.entity';
import { staffLinkTo } from '../deadlines/staff-links';
import { MailQueue } from '../delivery/mail-queue';
import { NotificationConfig } from '../notification.config';
import { DeferredEvents } from './deferred-events';
import { deadlineOf } from './known-requests';

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
  constructor(private readonly mail: MailQueue) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationInformationRequested>;
    const contact = await manager.findOneBy(ContactEntity, { requestId: data.requestId });
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'information-requested',
      recipient: data.contactEmail,
      controllerId: event.controllerid,
      language: data.language,
      requestId: data.requestId,
      data: { reference: contact?.reference, message: data.message },
    });
  }
}

/** Tells the DPO a verification waits for a person to review it. */
@Injectable()
@HandlesEvents(EventTypes.VerificationReviewRequested)
export class VerificationReviewHandler implements DsarEventHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly controllers: ControllerDirectory,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
    private readonly deferred: DeferredEvents,
  ) {
    deferred.register(EventTypes.VerificationReviewRequested, this);
  }

  handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    return this.deferred.unlessUnknown(manager, event, () => this.apply(event, manager));
  }

  private async apply(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationReviewRequested>;
    const deadline = await deadlineOf(manager, data.requestId);
    const dpo = this.controllers.staffAddressOf(deadline.controllerId);
    if (!dpo) return;
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'staff-verification-review',
      recipient: dpo,
      controllerId: deadline.controllerId,
      language: this.controllers.staffLanguageOf(deadline.controllerId),
      requestId: data.requestId,
      data: {
        reference: deadline.reference,
        reason: data.reason,
        dueAt: deadline.dueAt.toISOString(),
        link: staffLinkTo(this.config, data.requestId),
      },
    });
  }
}
