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

/** The answer is ready: the download link (a copy, a portable export or the report of what was done). */
@Injectable()
@HandlesEvents(EventTypes.FulfilmentPackageReady)
export class PackageReadyHandler implements DsarEventHandler {
  constructor(private readonly mail: MailQueue) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.FulfilmentPackageReady>;
    const contact = await manager.findOneBy(ContactEntity, { requestId: data.requestId });
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'package-ready',
      recipient: data.recipient,
      controllerId: event.controllerid,
      language: data.language,
      requestId: data.requestId,
      data: {
        reference: contact?.reference,
        downloadUrl: data.downloadUrl,
        expiresAt: data.expiresAt,
        packageKind: data.kind ?? 'access',
        authority: contact?.authority ?? undefined,
      },
    });
  }
}

/** The one-time code that, with the download link, opens the answer. */
@Injectable()
@HandlesEvents(EventTypes.FulfilmentDownloadCodeIssued)
export class DownloadCodeHandler implements DsarEventHandler {
  constructor(private readonly mail: MailQueue) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.FulfilmentDownloadCodeIssued>;
    const contact = await manager.findOneBy(ContactEntity, { requestId: data.requestId });
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'download-code',
      recipient: data.recipient,
      controllerId: event.controllerid,
      language: data.language,
      requestId: data.requestId,
      data: { reference: contact?.reference, code: data.code, expiresAt: data.expiresAt },
    });
  }
}

/** Tells the DPO that fulfilment needs a person: a collector failing, a system silent, the deadline at risk. */
@Injectable()
@HandlesEvents(EventTypes.FulfilmentAttentionRequired)
export class AttentionRequiredHandler implements DsarEventHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly controllers: ControllerDirectory,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
    private readonly deferred: DeferredEvents,
  ) {
    deferred.register(EventTypes.FulfilmentAttentionRequired, this);
  }

  handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    return this.deferred.unlessUnknown(manager, event, () => this.apply(event, manager));
  }

  private async apply(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>;
    const deadline = await deadlineOf(manager, data.requestId);
    const dpo = this.controllers.staffAddressOf(deadline.controllerId);
    if (!dpo) return;
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'staff-attention-required',
      recipient: dpo,
      controllerId: deadline.controllerId,
      language: this.controllers.staffLanguageOf(deadline.controllerId),
      requestId: data.requestId,
      data: {
        reference: deadline.reference,
        reason: data.reason,
        systemIds: data.systemIds ?? [],
        dueAt: data.dueAt,
        link: staffLinkTo(this.config, data.requestId),
      },
    });
  }
}

/** Asks a system's owner to carry out a manual task: which system, what to do, by when. */
@Injectable()
@HandlesEvents(EventTypes.CollectionTaskAssigned)
export class ManualTaskAssignedHandler implements DsarEventHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly controllers: ControllerDirectory,
    private readonly deferred: DeferredEvents,
  ) {
    deferred.register(EventTypes.CollectionTaskAssigned, this);
  }

  handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    return this.deferred.unlessUnknown(manager, event, () => this.apply(event, manager));
  }

  private async apply(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.CollectionTaskAssigned>;
    const deadline = await deadlineOf(manager, data.requestId);
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'manual-task-assigned',
      recipient: data.ownerEmail,
      controllerId: deadline.controllerId,
      language: data.language ?? this.controllers.staffLanguageOf(deadline.controllerId),
      requestId: data.requestId,
      data: { reference: deadline.reference, systemId: data.systemId, action: data.action, respondBy: data.respondBy },
    });
  }
}

/** GDPR Art. 19: tells a recipient of the data of a rectification, erasure or restriction. */
@Injectable()
@HandlesEvents(EventTypes.RecipientNotificationRequested)
export class RecipientNotificationHandler implements DsarEventHandler {
  constructor(
    private readonly mail: MailQueue,
    private readonly deferred: DeferredEvents,
  ) {
    deferred.register(EventTypes.RecipientNotificationRequested, this);
  }

  handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    return this.deferred.unlessUnknown(manager, event, () => this.apply(event, manager));
  }

  private async apply(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.RecipientNotificationRequested>;
    const deadline = await deadlineOf(manager, data.requestId);
    await this.mail.queue(manager, {
      key: event.id,
      kind: 'recipient-notification',
      recipient: data.recipientEmail,
      controllerId: deadline.controllerId,
      language: data.language,
      requestId: data.requestId,
      data: { reference: deadline.reference, recipientName: data.recipientName, action: data.action },
    });
  }
}
