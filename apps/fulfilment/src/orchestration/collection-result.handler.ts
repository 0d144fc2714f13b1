import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent, PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { CollectionTaskEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { FulfilmentProgress } from './fulfilment-progress';

/**
 * Records each system's result. When the last is in, the fulfilment moves on. A result that
 * comes after its timeout is merged: into the DPO's draft while the review is open, or into a
 * new version of the package, delivered again, once the reply has gone. While the request is
 * paused the result is recorded and the fulfilment moves on when it resumes; once it is
 * cancelled or rejected, the result changes nothing.
 */
@Injectable()
export class CollectionResultHandler {
  constructor(
    private readonly progress: FulfilmentProgress,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  @OnEvent(EventTypes.CollectionResultReported)
  async onResult(event: DsarEvent<typeof EventTypes.CollectionResultReported>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const fulfilment = await manager.findOne(FulfilmentEntity, {
      where: { requestId: data.requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!fulfilment) throw new Error('collection result for an unknown request');
    const task = await manager.findOne(CollectionTaskEntity, { where: { id: data.taskId, requestId: data.requestId } });
    if (!task || task.systemId !== data.systemId) {
      this.log.warn({ requestId: data.requestId, systemId: data.systemId }, 'collection result for an unknown task');
      return;
    }
    if (task.status !== 'requested' && task.status !== 'pending') return;
    const late = task.status === 'pending';
    const now = new Date();
    await manager.update(
      CollectionTaskEntity,
      { id: task.id },
      {
        status: data.outcome,
        exportKey: data.export?.key ?? null,
        recordCount: data.recordCount,
        categories: data.categories ?? [],
        reportedAt: now,
        late,
        error: data.error ?? null,
      },
    );
    if (fulfilment.status === 'collecting') {
      await this.progress.advance(manager, fulfilment, now, event.correlationid);
    } else if (late && fulfilment.status === 'completed' && fulfilment.wrappedKey) {
      this.log.info({ requestId: data.requestId, systemId: data.systemId }, 'late result merged into a new package version');
      await this.progress.deliver(manager, fulfilment, now, fulfilment.review?.redactions ?? [], event.correlationid);
    }
  }
}
