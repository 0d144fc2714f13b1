import { Inject, Injectable } from '@nestjs/common';
import { ExternalTaskListener } from '@dsar/collector-sdk';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { ManualSystems } from './manual-systems';

/** A manual task is assigned to the system's owner: notification tells them (dsar.collection.task-assigned.v1). */
@Injectable()
export class AssignToOwnerListener implements ExternalTaskListener {
  constructor(
    private readonly outbox: Outbox,
    private readonly systems: ManualSystems,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async taskRecorded(event: DsarEvent<typeof EventTypes.CollectionTaskRequested>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const ownerEmail = this.systems.ownerOf(data.systemId, event.controllerid);
    if (!ownerEmail) {
      this.log.warn({ taskId: data.taskId, systemId: data.systemId }, 'manual task without an owner or a DPO address: nobody is told');
      return;
    }
    const language = this.systems.languageOf(event.controllerid);
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.CollectionTaskAssigned,
        source: `dsar/collector-manual/${data.systemId}`,
        subject: data.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: {
          requestId: data.requestId,
          taskId: data.taskId,
          systemId: data.systemId,
          action: data.action,
          ownerEmail,
          ...(data.respondBy ? { respondBy: data.respondBy } : {}),
          ...(language ? { language } : {}),
        },
      }),
    );
  }
}
