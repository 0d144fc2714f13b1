import { Inject, Injectable } from '@nestjs/common';
import { EventTypes } from '@dsar/contracts';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { ControllerProfiles } from '../profiles/controller-profiles';
import { PostMortemPlanner } from '../post-mortem/post-mortem-planner';
import { collectionDeadline, planFulfilment } from './fulfilment-plan';
import { FulfilmentProgress } from './fulfilment-progress';
import { moveFulfilment } from './fulfilment-state';

/**
 * Starts a request once intake puts it in progress: one task per system in scope, each with the
 * action its right calls for and a timeout set from the due date. A request with nothing to
 * collect (information, a post-mortem directive) goes straight on; a refusal a post-mortem
 * request calls for is held for the DPO.
 */
@Injectable()
export class FulfilmentStarter {
  constructor(
    private readonly profiles: ControllerProfiles,
    private readonly progress: FulfilmentProgress,
    private readonly postMortem: PostMortemPlanner,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async start(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    const profile = this.profiles.get(fulfilment.controllerId);
    const postMortem = await this.postMortem.plan(manager, profile, fulfilment, now);
    const plan = postMortem?.plan ?? planFulfilment(profile, fulfilment.requestType, fulfilment.details);
    const refusalProposed = postMortem !== undefined && 'proposedRefusal' in postMortem.decision;
    if (refusalProposed)
      this.log.info({ requestId: fulfilment.requestId }, 'post-mortem request held for the DPO: the law calls for a refusal');
    const respondBy = collectionDeadline(now, fulfilment.dueAt, this.config.COLLECTION_TIMEOUT_SECONDS, this.config.DEADLINE_MARGIN_DAYS);
    await moveFulfilment(manager, fulfilment, { kind: 'start' });
    Object.assign(fulfilment, {
      kind: plan.kind,
      respondBy,
      reviewRequired: refusalProposed || (profile.fulfilment?.reviewBefore?.includes(fulfilment.requestType as never) ?? false),
      postMortem: postMortem?.decision ?? null,
    });
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      { kind: fulfilment.kind, respondBy, reviewRequired: fulfilment.reviewRequired, postMortem: fulfilment.postMortem },
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
