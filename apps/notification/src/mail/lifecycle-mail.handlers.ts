import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { ContactEntity } from '../contacts/contact.entity';
import { queueMail } from './mail-requested.handlers';
import { acknowledgementMail, cancellationMail, rejectionMail } from './templates';

/** Keeps the requester's contact for the request and acknowledges its receipt. */
@Injectable()
@HandlesEvents(EventTypes.RequestReceived)
export class AcknowledgementMailHandler implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.RequestReceived>;
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
    await queueMail(
      manager,
      event,
      'acknowledgement',
      data.contactEmail,
      acknowledgementMail(data.language, data.reference, data.requestType, data.dueAt),
    );
  }
}

/** Tells the requester their request was cancelled, or refused with its reasons and remedies. */
@Injectable()
@HandlesEvents(EventTypes.RequestStatusChanged)
export class OutcomeMailHandler implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.RequestStatusChanged>;
    if (data.toStatus !== 'cancelled' && data.toStatus !== 'rejected') return;
    const contact = await manager.findOneBy(ContactEntity, { requestId: data.requestId });
    // The received event travels on another topic: retried until the contact is known.
    if (!contact) throw new Error('contact not yet known for this request');
    const mail =
      data.toStatus === 'cancelled'
        ? cancellationMail(contact.language, contact.reference)
        : rejectionMail(contact.language, contact.reference, data.reason, contact.authority);
    await queueMail(manager, event, data.toStatus === 'cancelled' ? 'cancellation' : 'rejection', contact.recipient, mail);
  }
}
