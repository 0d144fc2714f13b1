import { Inject, Injectable } from '@nestjs/common';
import { EventTypes } from '@dsar/contracts';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { ControllerProfiles } from '../profiles/controller-profiles';
import { collectionDeadline, isFulfilledAutomatically, planFulfilment } from './fulfilment-plan';
import { FulfilmentProgress } from './fulfilment-progress';

/**
 * Starts a request once it is both received and verified (in whichever order the two events
 * come): one task per system in scope, each with the action its right calls for and a timeout
 * set from the due date. A request with nothing to collect (information) goes straight on.
 */
@Injectable()
export class FulfilmentStarter {
  constructor(
    private readonly profiles: ControllerProfiles,
    private readonly progress: FulfilmentProgress,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async start(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    if (!isFulfilledAutomatically(fulfilment.requestType)) {
      await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { status: 'not-handled' });
      this.log.info({ requestId: fulfilment.requestId, requestType: fulfilment.requestType }, 'request type left to the DPO');
      return;
    }
    const profile = this.profiles.get(fulfilment.controllerId);
    const plan = planFulfilment(profile, fulfilment.requestType, fulfilment.details);
    const respondBy = collectionDeadline(now, fulfilment.dueAt, this.config.COLLECTION_TIMEOUT_SECONDS, this.config.DEADLINE_MARGIN_DAYS);
    Object.assign(fulfilment, {
      status: 'collecting',
      respondBy,
      reviewRequired: profile.fulfilment?.reviewBefore?.includes(fulfilment.requestType as never) ?? false,
    });
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      {
        status: fulfilment.status,
        email: fulfilment.email,
        subjectEmail: fulfilment.subjectEmail,
        respondBy,
        reviewRequired: fulfilment.reviewRequired,
      },
    );
    for (const planned of plan.tasks) {
      const taskId = randomUUID();
      await manager.insert(CollectionTaskEntity, {
        id: taskId,
        requestId: fulfilment.requestId,
        systemId: planned.systemId,
        action: planned.action,
        status: 'requested',
        dataCategories: planned.dataCategories ?? null,
        respondBy,
        exportKey: null,
        recordCount: 0,
        categories: [],
        reportedAt: null,
        late: false,
        error: null,
      });
      await this.progress.emit(manager, fulfilment, EventTypes.CollectionTaskRequested, correlationId, {
        requestId: fulfilment.requestId,
        taskId,
        ...planned,
        identities: { email: fulfilment.subjectEmail ?? fulfilment.email ?? '' },
        respondBy: respondBy.toISOString(),
        requestType: fulfilment.requestType as never,
      });
    }
    await this.progress.advance(manager, fulfilment, now, correlationId);
  }
}
