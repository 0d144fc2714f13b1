import { Inject, Injectable, Optional } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents, PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { ExternalTasks } from './external-tasks';

/** Called in the transaction that records a new task: collector-manual assigns it to the system's owner. */
export interface ExternalTaskListener {
  taskRecorded(event: DsarEvent<typeof EventTypes.CollectionTaskRequested>, manager: EntityManager): Promise<void>;
}

export const EXTERNAL_TASK_LISTENER = Symbol('dsar:external-task-listener');

/**
 * Records the tasks of the systems served outside the platform, and closes those whose
 * result the system published itself (the Kafka push path), so they are not listed as open.
 */
@Injectable()
@HandlesEvents(EventTypes.CollectionTaskRequested, EventTypes.CollectionResultReported)
export class ExternalTaskHandler implements DsarEventHandler {
  constructor(
    private readonly tasks: ExternalTasks,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
    @Optional() @Inject(EXTERNAL_TASK_LISTENER) private readonly listener?: ExternalTaskListener,
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    if (event.type === EventTypes.CollectionResultReported) {
      const { data } = event as DsarEvent<typeof EventTypes.CollectionResultReported>;
      if (this.tasks.serves(data.systemId, event.controllerid)) await this.tasks.closeReportedElsewhere(data.taskId, data.outcome, manager);
      return;
    }
    const task = event as DsarEvent<typeof EventTypes.CollectionTaskRequested>;
    if (!this.tasks.serves(task.data.systemId, task.controllerid)) return;
    if (!(await this.tasks.record(task, manager))) return;
    this.log.info({ taskId: task.data.taskId, systemId: task.data.systemId, action: task.data.action }, 'external task recorded');
    await this.listener?.taskRecorded(task, manager);
  }
}
