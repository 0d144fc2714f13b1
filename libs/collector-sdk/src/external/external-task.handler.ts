import { Inject, Injectable, Optional } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { OnEvent, PLATFORM_LOGGER } from '@dsar/platform';
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
export class ExternalTaskHandler {
  constructor(
    private readonly tasks: ExternalTasks,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
    @Optional() @Inject(EXTERNAL_TASK_LISTENER) private readonly listener?: ExternalTaskListener,
  ) {}

  @OnEvent(EventTypes.CollectionResultReported)
  async onResult(event: DsarEvent<typeof EventTypes.CollectionResultReported>, manager: EntityManager): Promise<void> {
    const { data } = event;
    if (this.tasks.serves(data.systemId, event.controllerid)) await this.tasks.closeReportedElsewhere(data.taskId, data.outcome, manager);
  }

  @OnEvent(EventTypes.CollectionTaskRequested)
  async onTask(task: DsarEvent<typeof EventTypes.CollectionTaskRequested>, manager: EntityManager): Promise<void> {
    if (!this.tasks.serves(task.data.systemId, task.controllerid)) return;
    if (!(await this.tasks.record(task, manager))) return;
    this.log.info({ taskId: task.data.taskId, systemId: task.data.systemId, action: task.data.action }, 'external task recorded');
    await this.listener?.taskRecorded(task, manager);
  }
}
