import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { BLOB_STORE, OnEvent, PLATFORM_LOGGER, SERVICE_OPTIONS, ServiceOptions } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { Collector } from './collector';
import { runCollectionTask } from './task-runner';
import { COLLECTOR, COLLECTOR_RUNTIME_OPTIONS, CollectorRuntimeOptions } from './tokens';

/**
 * Consumes collection tasks for the collector's systems, runs each once (by task id: a task
 * delivered twice acts once), and publishes its result through the outbox in the transaction
 * that records the task as done. A crash before that commit leaves the task to be redone: the
 * export goes to the same blob key, and no result ever referenced a partial blob.
 */
@Injectable()
export class CollectionTaskHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(COLLECTOR) private readonly collector: Collector,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(COLLECTOR_RUNTIME_OPTIONS) private readonly options: CollectorRuntimeOptions,
    @Inject(SERVICE_OPTIONS) private readonly service: ServiceOptions,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  @OnEvent(EventTypes.CollectionTaskRequested)
  async handle(event: DsarEvent<typeof EventTypes.CollectionTaskRequested>, manager: EntityManager): Promise<void> {
    const task = event.data;
    if (!this.collector.systems.includes(task.systemId)) return;
    const claimed: unknown[] = await manager.query(
      `INSERT INTO "${this.service.schema}".collector_tasks (task_id, request_id, system_id, action)
       VALUES ($1, $2, $3, $4) ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [task.taskId, task.requestId, task.systemId, task.action],
    );
    if (claimed.length === 0) {
      this.log.info({ taskId: task.taskId, systemId: task.systemId }, 'task already carried out; duplicate ignored');
      return;
    }
    const result = await runCollectionTask(this.collector, task, {
      blobs: this.blobs,
      retry: { maxAttempts: this.options.maxAttempts, initialBackoffMs: this.options.initialBackoffMs, maxBackoffMs: 30_000 },
      attemptTimeoutMs: this.options.attemptTimeoutMs,
      log: this.log,
      controllerId: event.controllerid,
    });
    await manager.query(
      `UPDATE "${this.service.schema}".collector_tasks SET outcome = $2, record_count = $3, completed_at = now() WHERE task_id = $1`,
      [task.taskId, result.outcome, result.recordCount],
    );
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.CollectionResultReported,
        source: `dsar/${this.options.service}/${task.systemId}`,
        subject: task.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: {
          requestId: task.requestId,
          taskId: task.taskId,
          systemId: task.systemId,
          via: this.options.via,
          ...result,
        },
      }),
    );
    this.log.info({ taskId: task.taskId, systemId: task.systemId, action: task.action, outcome: result.outcome }, 'task result reported');
  }
}
