import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent } from '@dsar/contracts';
import { EntityManager } from 'typeorm';
import { ControllerDirectory } from '../controllers/controller-directory';
import { ContactEntity } from '../deadlines/contact.entity';
import { RequestDeadlineEntity } from '../deadlines/request-deadline.entity';
import { staffLinkTo } from '../deadlines/staff-links';
import { MailQueue, OwedMessage } from '../delivery/mail-queue';
import { NotificationConfig } from '../notification.config';

/**
 * A request's `received` event comes before any other of its events (one topic per request):
 * a request unknown here is a fault, retried and then dead-lettered.
 */
export class UnknownRequestError extends Error {
  constructor() {
    super('event about a request whose received event was not applied here');
    this.name = 'UnknownRequestError';
  }
}

export async function contactOf(manager: EntityManager, requestId: string): Promise<ContactEntity> {
  const contact = await manager.findOneBy(ContactEntity, { requestId });
  if (!contact) throw new UnknownRequestError();
  return contact;
}

async function deadlineOf(manager: EntityManager, requestId: string): Promise<RequestDeadlineEntity> {
  const deadline = await manager.findOneBy(RequestDeadlineEntity, { requestId });
  if (!deadline) throw new UnknownRequestError();
  return deadline;
}

/** What a handler says of a mail owed for an event about a request; the rest comes from the event and the request. */
export type RequestMessage = Pick<OwedMessage, 'kind' | 'recipient' | 'language' | 'data'>;

/** Owes, for an event about a request, a mail that carries the request's reference. */
@Injectable()
export class RequestMail {
  constructor(
    private readonly mail: MailQueue,
    private readonly controllers: ControllerDirectory,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
  ) {}

  /** For a mail that can go without the request's reference (it is left out when the request is unknown here). */
  async about(
    manager: EntityManager,
    event: DsarEvent,
    requestId: string,
    compose: (contact: ContactEntity | null) => RequestMessage,
  ): Promise<void> {
    const contact = await manager.findOneBy(ContactEntity, { requestId });
    const message = compose(contact);
    await this.mail.queue(manager, {
      ...message,
      key: event.id,
      controllerId: event.controllerid,
      requestId,
      data: { reference: contact?.reference, ...message.data },
    });
  }

  /** For a request that must be known here (throws `UnknownRequestError` otherwise): its controller decides. */
  async aboutKnown(
    manager: EntityManager,
    event: DsarEvent,
    requestId: string,
    compose: (deadline: RequestDeadlineEntity) => RequestMessage | undefined,
  ): Promise<void> {
    const deadline = await deadlineOf(manager, requestId);
    const message = compose(deadline);
    if (!message) return;
    await this.mail.queue(manager, {
      ...message,
      key: event.id,
      controllerId: deadline.controllerId,
      requestId,
      data: { reference: deadline.reference, ...message.data },
    });
  }

  /** To the DPO of the request's controller, with a link to the request; nothing when the controller has none. */
  toDpo(
    manager: EntityManager,
    event: DsarEvent,
    requestId: string,
    kind: OwedMessage['kind'],
    dataOf: (deadline: RequestDeadlineEntity) => Record<string, unknown>,
  ): Promise<void> {
    return this.aboutKnown(manager, event, requestId, (deadline) => {
      const dpo = this.controllers.staffAddressOf(deadline.controllerId);
      if (!dpo) return undefined;
      return {
        kind,
        recipient: dpo,
        language: this.controllers.staffLanguageOf(deadline.controllerId),
        data: { ...dataOf(deadline), link: staffLinkTo(this.config, requestId) },
      };
    });
  }
}
