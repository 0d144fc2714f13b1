import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, FulfilmentEntity } from './fulfilment.entity';

const FULFILLED_TYPES: string[] = ['access'];

/** A verified request starts one collection task per system in scope. */
@Injectable()
@HandlesEvents(EventTypes.VerificationSucceeded)
export class StartCollectionHandler implements DsarEventHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationSucceeded>;
    // Only access is fulfilled end to end so far; the other rights wait for the DPO.
    if (data.requestType && !FULFILLED_TYPES.includes(data.requestType)) return;
    await manager.insert(FulfilmentEntity, {
      requestId: data.requestId,
      controllerId: event.controllerid,
      email: data.contactEmail ?? data.identities.email,
      language: data.language,
      status: 'collecting',
      packageKey: null,
      packageSha256: null,
      packageSize: null,
    });
    for (const systemId of this.config.COLLECTION_SYSTEMS.split(',')) {
      const task = { id: randomUUID(), requestId: data.requestId, systemId, status: 'requested' as const, exportKey: null, recordCount: 0 };
      await manager.insert(CollectionTaskEntity, task);
      await this.outbox.add(
        manager,
        createEvent({
          type: EventTypes.CollectionTaskRequested,
          source: 'dsar/fulfilment',
          subject: data.requestId,
          controllerId: event.controllerid,
          correlationId: event.correlationid,
          data: { requestId: data.requestId, taskId: task.id, systemId, action: 'export', identities: data.identities },
        }),
      );
    }
  }
}
