import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { ControllerDirectory } from '../controllers/controller-directory';
import { ContactEntity } from '../deadlines/contact.entity';
import { DeadlineTracker } from '../deadlines/deadline-tracker';
import { staffLinkTo } from '../deadlines/staff-links';
import { MailQueue } from '../delivery/mail-queue';
import { NotificationConfig } from '../notification.config';
import { contactOf } from './request-mail';

/**
 * A new request: keeps where to write to the requester and its due date, acknowledges it
 * (Art. 12(3): reference, due date, what happens next) and tells the DPO.
 */
@Injectable()
export class RequestReceivedHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly deadlines: DeadlineTracker,
    private readonly controllers: ControllerDirectory,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
  ) {}

  @OnEvent(EventTypes.RequestReceived)
  async onReceived(event: DsarEvent<typeof EventTypes.RequestReceived>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const controllerId = event.controllerid;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ContactEntity)
      .values({
        requestId: data.requestId,
        reference: data.reference,
        recipient: data.contactEmail,
        language: data.language,
        requestType: data.requestType,
        authority: data.authority ?? null,
      })
      .orIgnore()
      .execute();
    await this.deadlines.track(manager, {
      requestId: data.requestId,
      controllerId,
      reference: data.reference,
      requestType: data.requestType,
      status: 'received',
      dueAt: data.dueAt,
    });
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'acknowledgement',
      recipient: data.contactEmail,
      controllerId,
      language: data.language,
      requestId: data.requestId,
      data: {
        reference: data.reference,
        requestType: data.requestType,
        dueAt: data.dueAt,
        nextStep: 'confirm-identity',
        authority: data.authority,
      },
    });
    const dpo = this.controllers.staffAddressOf(controllerId);
    if (dpo) {
      await this.mail.queue(manager, {
        key: event.id,
        kind: 'staff-new-request',
        recipient: dpo,
        controllerId,
        language: this.controllers.staffLanguageOf(controllerId),
        requestId: data.requestId,
        data: {
          reference: data.reference,
          requestType: data.requestType,
          dueAt: data.dueAt,
          channel: data.channel,
          requesterKind: data.requesterKind === 'subject' ? undefined : data.requesterKind,
          link: staffLinkTo(this.config, data.requestId),
        },
      });
    }
  }
}

/**
 * A request moved: keeps its due date and status current for the reminders, and tells the
 * requester what the move means for them — an extension with its reasons, a refusal with its
 * reasons, the authority and the judicial remedy (Art. 12(4)), a cancellation. (A post-mortem
 * directive is confirmed with its answer, on package-ready.)
 */
@Injectable()
export class RequestStatusChangedHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly deadlines: DeadlineTracker,
  ) {}

  @OnEvent(EventTypes.RequestStatusChanged)
  async onStatusChanged(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const contact = await contactOf(manager, data.requestId);
    const controllerId = event.controllerid;
    await this.deadlines.track(manager, {
      requestId: data.requestId,
      controllerId,
      reference: data.reference,
      requestType: data.requestType,
      status: data.toStatus,
      dueAt: data.dueAt,
    });
    const explanation = data.explanation;
    const owe = (kind: 'cancellation' | 'rejection' | 'extension', extra: Record<string, unknown> = {}) =>
      this.mail.queue(manager, {
        key: event.id,
        kind,
        recipient: contact.recipient,
        controllerId,
        language: contact.language,
        requestId: data.requestId,
        data: { reference: data.reference, authority: contact.authority ?? undefined, ...extra },
      });
    if (data.toStatus === 'cancelled' && data.fromStatus !== 'cancelled') {
      await owe('cancellation');
    } else if (data.toStatus === 'rejected' && data.fromStatus !== 'rejected') {
      await owe('rejection', { reason: data.reason, explanation });
    } else if (data.action === 'extend') {
      await owe('extension', { dueAt: data.dueAt, reasons: explanation });
    }
  }
}
