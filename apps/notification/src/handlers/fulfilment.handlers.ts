import { Injectable } from '@nestjs/common';
import { sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { AttentionReason, DsarEvent, EventTypes, FulfilmentPackageReadyData } from '@dsar/contracts';
import { OnEvent } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { ControllerDirectory } from '../controllers/controller-directory';
import { ContactEntity } from '../deadlines/contact.entity';
import { MessageKind } from '../templates/message-kinds';
import { RequestMail } from './request-mail';

/** The message that carries an answer: what a post-mortem request did, or the answer of any other right. */
function answerKindOf(data: FulfilmentPackageReadyData): MessageKind {
  if (!data.postMortemOutcome) return 'package-ready';
  return data.requestType === 'post-mortem-directive' ? 'post-mortem-directive-recorded' : 'deceased-subject-answered';
}

/** The locks a requester is told of, by attention reason: what is locked. */
const LOCKS: Partial<Record<AttentionReason, 'verification' | 'download'>> = {
  'verification-locked': 'verification',
  'download-locked': 'download',
};

/**
 * The answer is ready: the download link (a copy, a portable export or the report of what was
 * done); for a post-mortem directive, its confirmation (registered, changed, revoked); for a
 * request about a deceased subject, what was done (LIL art. 85).
 */
@Injectable()
export class PackageReadyHandler {
  constructor(
    private readonly mail: RequestMail,
    private readonly sealer: SubjectSecretSealer,
  ) {}

  @OnEvent(EventTypes.FulfilmentPackageReady)
  async onPackageReady(event: DsarEvent<typeof EventTypes.FulfilmentPackageReady>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await this.mail.about(manager, event, data.requestId, (contact) => ({
      kind: answerKindOf(data),
      recipient: data.recipient,
      language: data.language,
      data: {
        downloadUrl: this.sealer.open(data.sealedDownloadUrl, sealingContext(event.type, data.requestId)),
        expiresAt: data.expiresAt,
        packageKind: data.kind ?? 'access',
        ...(data.postMortemOutcome ? { postMortemOutcome: data.postMortemOutcome } : {}),
        authority: contact?.authority ?? undefined,
      },
    }));
  }
}

/** The one-time code that, with the download link, opens the answer. */
@Injectable()
export class DownloadCodeHandler {
  constructor(
    private readonly mail: RequestMail,
    private readonly sealer: SubjectSecretSealer,
  ) {}

  @OnEvent(EventTypes.FulfilmentDownloadCodeIssued)
  async onDownloadCode(event: DsarEvent<typeof EventTypes.FulfilmentDownloadCodeIssued>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await this.mail.about(manager, event, data.requestId, () => ({
      kind: 'download-code',
      recipient: data.recipient,
      language: data.language,
      data: { code: this.sealer.open(data.sealedCode, sealingContext(event.type, data.requestId)), expiresAt: data.expiresAt },
    }));
  }
}

/**
 * Tells the DPO that a request needs a person: a collector failing, a system silent, the deadline at
 * risk, or wrong codes that locked a verification or a download link. A lock is also explained to
 * the requester, once per lock: the request stays open, and when to ask for a new code.
 */
@Injectable()
export class AttentionRequiredHandler {
  constructor(private readonly mail: RequestMail) {}

  @OnEvent(EventTypes.FulfilmentAttentionRequired)
  async onAttentionRequired(event: DsarEvent<typeof EventTypes.FulfilmentAttentionRequired>, manager: EntityManager): Promise<void> {
    const { data } = event;
    await this.mail.toDpo(manager, event, data.requestId, 'staff-attention-required', (deadline) => ({
      reason: data.reason,
      systemIds: data.systemIds ?? [],
      dueAt: data.dueAt ?? deadline.dueAt.toISOString(),
      lockedUntil: data.lockedUntil,
    }));
    const lock = LOCKS[data.reason];
    if (!lock || !data.lockedUntil) return;
    const contact = await manager.findOneBy(ContactEntity, { requestId: data.requestId });
    if (!contact) return;
    await this.mail.about(manager, event, data.requestId, () => ({
      kind: 'attempts-locked',
      recipient: contact.recipient,
      language: contact.language,
      data: { lock, lockedUntil: data.lockedUntil },
    }));
  }
}

/** Asks a system's owner to carry out a manual task: which system, what to do, by when. */
@Injectable()
export class ManualTaskAssignedHandler {
  constructor(
    private readonly mail: RequestMail,
    private readonly controllers: ControllerDirectory,
  ) {}

  @OnEvent(EventTypes.CollectionTaskAssigned)
  onTaskAssigned(event: DsarEvent<typeof EventTypes.CollectionTaskAssigned>, manager: EntityManager): Promise<void> {
    const { data } = event;
    return this.mail.aboutKnown(manager, event, data.requestId, (deadline) => ({
      kind: 'manual-task-assigned',
      recipient: data.ownerEmail,
      language: data.language ?? this.controllers.staffLanguageOf(deadline.controllerId),
      data: { systemId: data.systemId, action: data.action, respondBy: data.respondBy },
    }));
  }
}

/** GDPR Art. 19: tells a recipient of the data of a rectification, erasure or restriction. */
@Injectable()
export class RecipientNotificationHandler {
  constructor(private readonly mail: RequestMail) {}

  @OnEvent(EventTypes.RecipientNotificationRequested)
  onRecipientNotification(event: DsarEvent<typeof EventTypes.RecipientNotificationRequested>, manager: EntityManager): Promise<void> {
    const { data } = event;
    return this.mail.aboutKnown(manager, event, data.requestId, () => ({
      kind: 'recipient-notification',
      recipient: data.recipientEmail,
      language: data.language,
      data: { recipientName: data.recipientName, action: data.action },
    }));
  }
}
