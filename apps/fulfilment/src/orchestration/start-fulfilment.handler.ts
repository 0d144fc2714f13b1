import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { packageKindOf } from './fulfilment-plan';
import { FulfilmentStarter } from './fulfilment-starter';
import { insertIfAbsentAndLock } from './lock-fulfilment';

/**
 * A verified request starts, with the identity verification established. When its received
 * event has not been read yet (another topic, another partition, possibly far behind under
 * load), the verification is kept and the request starts when it arrives: never a retry loop
 * that would end in the dead-letter topic.
 */
@Injectable()
@HandlesEvents(EventTypes.VerificationSucceeded)
export class StartFulfilmentHandler implements DsarEventHandler {
  constructor(private readonly starter: FulfilmentStarter) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationSucceeded>;
    const requestType = data.requestType ?? 'access';
    const fulfilment = await insertIfAbsentAndLock(manager, {
      requestId: data.requestId,
      controllerId: event.controllerid,
      email: data.contactEmail ?? data.identities.email,
      subjectEmail: data.identities.email,
      language: data.language,
      status: 'verified',
      requestType,
      kind: packageKindOf(requestType),
      details: {} as never,
      reviewRequired: false,
      packageVersion: 0,
    });
    if (fulfilment?.status !== 'received') return;
    fulfilment.subjectEmail = data.identities.email;
    fulfilment.email = data.contactEmail ?? fulfilment.email ?? data.identities.email;
    await this.starter.start(manager, fulfilment, new Date(), event.correlationid);
  }
}
