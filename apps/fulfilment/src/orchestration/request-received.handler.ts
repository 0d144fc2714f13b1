import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { packageKindOf } from './fulfilment-plan';
import { FulfilmentStarter } from './fulfilment-starter';
import { insertIfAbsentAndLock } from './lock-fulfilment';

/**
 * Keeps what fulfilment needs once the request is verified: its type, details, due date,
 * authority. The two events travel on different topics: when the verification was read first,
 * the request starts now.
 */
@Injectable()
@HandlesEvents(EventTypes.RequestReceived)
export class RequestReceivedHandler implements DsarEventHandler {
  constructor(private readonly starter: FulfilmentStarter) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.RequestReceived>;
    const received = {
      reference: data.reference,
      requestType: data.requestType,
      kind: packageKindOf(data.requestType),
      dueAt: new Date(data.dueAt),
      details: (data.details ?? {}) as never,
      authority: data.authority ?? null,
      language: data.language,
      requesterKind: data.requesterKind,
    };
    const fulfilment = await insertIfAbsentAndLock(manager, {
      requestId: data.requestId,
      controllerId: event.controllerid,
      email: data.contactEmail,
      subjectEmail: data.subjectEmail,
      status: 'received',
      reviewRequired: false,
      packageVersion: 0,
      ...received,
    });
    if (fulfilment?.status !== 'verified') return;
    Object.assign(fulfilment, received, { email: data.contactEmail, subjectEmail: fulfilment.subjectEmail ?? data.subjectEmail });
    await manager.update(
      FulfilmentEntity,
      { requestId: data.requestId },
      { ...received, email: fulfilment.email, subjectEmail: fulfilment.subjectEmail },
    );
    await this.starter.start(manager, fulfilment, new Date(), event.correlationid);
  }
}
