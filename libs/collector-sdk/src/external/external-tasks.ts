import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BlobReference, CategoryOutcome, createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { BLOB_STORE, ProblemException, SERVICE_OPTIONS, ServiceOptions } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { pipeline, Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { CollectionTask } from '../collector';
import { exportBlobKey } from '../ndjson-export';
import { ExportFormatError, NdjsonExportCheck } from '../ndjson-upload';

export const EXTERNAL_TASKS_OPTIONS = Symbol('dsar:external-tasks-options');

export interface ExternalTasksOptions {
  via: 'push' | 'manual';
  /** The source of published events: dsar/<service>/<system id>. */
  service: string;
  /** The systems whose tasks are done outside the platform by this app: ids, or a test per controller. */
  systems: readonly string[] | ((systemId: string, controllerId: string) => boolean);
  maxExportBytes: number;
}

export interface ExternalTask {
  taskId: string;
  requestId: string;
  systemId: string;
  action: CollectionTask['action'];
  status: 'open' | 'reported';
  task: CollectionTask;
  receivedAt: string;
  /** The export uploaded so far, if any. */
  export?: UploadedExport;
  outcome?: string;
}

export interface UploadedExport extends BlobReference {
  recordCount: number;
  categories: Array<{ category: string; records: number }>;
}

export interface ResultReport {
  outcome: 'exported' | 'completed' | 'no-data' | 'failed';
  categories?: CategoryOutcome[];
  error?: string;
}

interface Row {
  task_id: string;
  request_id: string;
  system_id: string;
  action: CollectionTask['action'];
  controller_id: string;
  correlation_id: string;
  task: CollectionTask;
  status: 'open' | 'reported';
  export: UploadedExport | null;
  outcome: string | null;
  received_at: Date;
}

const toTask = (row: Row): ExternalTask => ({
  taskId: row.task_id,
  requestId: row.request_id,
  systemId: row.system_id,
  action: row.action,
  status: row.status,
  task: row.task,
  receivedAt: row.received_at.toISOString(),
  ...(row.export ? { export: row.export } : {}),
  ...(row.outcome ? { outcome: row.outcome } : {}),
});

/**
 * Tasks done outside the platform: recorded when requested, listed to the system (or person)
 * that does them, their exports streamed into the encrypted blob store, and their result
 * published once, through the outbox.
 */
@Injectable()
export class ExternalTasks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(SERVICE_OPTIONS) private readonly service: ServiceOptions,
    @Inject(EXTERNAL_TASKS_OPTIONS) readonly options: ExternalTasksOptions,
  ) {}

  private get table(): string {
    return `"${this.service.schema}".external_tasks`;
  }

  serves(systemId: string, controllerId: string): boolean {
    const { systems } = this.options;
    return typeof systems === 'function' ? systems(systemId, controllerId) : systems.includes(systemId);
  }

  /** Records a requested task; returns false when it was already recorded (a redelivery). */
  async record(event: DsarEvent<typeof EventTypes.CollectionTaskRequested>, manager: EntityManager): Promise<boolean> {
    const task = event.data;
    const rows: unknown[] = await manager.query(
      `INSERT INTO ${this.table} (task_id, request_id, system_id, action, controller_id, correlation_id, task)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [task.taskId, task.requestId, task.systemId, task.action, event.controllerid, event.correlationid, JSON.stringify(task)],
    );
    return rows.length === 1;
  }

  /** A result published by the system itself (the Kafka push path) closes the task here too. */
  async closeReportedElsewhere(taskId: string, outcome: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET status = 'reported', outcome = $2, reported_at = now() WHERE task_id = $1 AND status = 'open'`,
      [taskId, outcome],
    );
  }

  async listOpen(systemIds: readonly string[]): Promise<ExternalTask[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM ${this.table} WHERE status = 'open' AND system_id = ANY($1) ORDER BY received_at LIMIT 500`,
      [systemIds],
    );
    return rows.map(toTask);
  }

  /** The open tasks of this app's systems for these controllers (undefined: every controller), for staff. */
  async listOpenFor(controllerIds: readonly string[] | undefined, systemId?: string): Promise<ExternalTask[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT * FROM ${this.table} WHERE status = 'open' AND ($1::text[] IS NULL OR controller_id = ANY($1))
         AND ($2::text IS NULL OR system_id = $2) ORDER BY received_at LIMIT 500`,
      [controllerIds ?? null, systemId ?? null],
    );
    return rows.map(toTask);
  }

  /** The controller a task was requested for; undefined when there is no such task. */
  async controllerOf(taskId: string): Promise<string | undefined> {
    const rows: Array<{ controller_id: string }> = await this.dataSource.query(
      `SELECT controller_id FROM ${this.table} WHERE task_id = $1`,
      [taskId],
    );
    return rows[0]?.controller_id;
  }

  /** The task, if the caller may act on its system; otherwise 404 (never says it exists elsewhere). */
  async get(
    taskId: string,
    allowedSystems: readonly string[] | 'any',
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ExternalTask & { row: Row }> {
    const rows: Row[] = await manager.query(`SELECT * FROM ${this.table} WHERE task_id = $1${lock ? ' FOR UPDATE' : ''}`, [taskId]);
    const row = rows[0];
    if (!row || (allowedSystems !== 'any' && !allowedSystems.includes(row.system_id))) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'task-not-found', 'No open task with this id for your system.');
    }
    return { ...toTask(row), row };
  }

  /**
   * Streams an uploaded NDJSON export, checked line by line, into the blob store under the
   * task's key. A refused or interrupted upload leaves no blob; a new upload replaces the last.
   */
  async uploadExport(taskId: string, allowedSystems: readonly string[] | 'any', body: Readable): Promise<UploadedExport> {
    const task = await this.get(taskId, allowedSystems);
    if (task.status !== 'open')
      throw new ProblemException(HttpStatus.CONFLICT, 'task-already-reported', 'This task already has its result.');
    if (task.action !== 'export')
      throw new ProblemException(HttpStatus.CONFLICT, 'not-an-export-task', `This task asks to ${task.action}, not to export.`);
    const check = new NdjsonExportCheck({ categories: task.task.dataCategories, maxBytes: this.options.maxExportBytes });
    // The callback form forwards errors both ways; the blob store sees (and reports) the check's.
    pipeline(body, check, () => undefined);
    let stored;
    try {
      stored = await this.blobs.put(exportBlobKey(task), check);
    } catch (error) {
      if (error instanceof ExportFormatError) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-export', `line ${error.line}: ${error.message}`);
      }
      throw error;
    }
    const uploaded: UploadedExport = {
      key: stored.key,
      sha256: stored.sha256,
      size: stored.size,
      recordCount: check.recordCount,
      categories: [...check.counts].map(([category, records]) => ({ category, records })),
    };
    await this.dataSource.query(`UPDATE ${this.table} SET export = $2 WHERE task_id = $1`, [taskId, JSON.stringify(uploaded)]);
    return uploaded;
  }

  /** Publishes the task's result, once; `exported` needs an uploaded export, which it references. */
  /** `reportedBy`: who confirmed it, for the record (a staff principal's id, or the system's). */
  async report(
    taskId: string,
    allowedSystems: readonly string[] | 'any',
    report: ResultReport,
    reportedBy?: string,
  ): Promise<ExternalTask> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.get(taskId, allowedSystems, manager, true);
      if (task.status !== 'open')
        throw new ProblemException(HttpStatus.CONFLICT, 'task-already-reported', 'This task already has its result.');
      const uploaded = task.export;
      if (report.outcome === 'exported' && (!uploaded || task.action !== 'export')) {
        throw new ProblemException(HttpStatus.CONFLICT, 'export-missing', 'Upload the export before reporting it as exported.');
      }
      const categories =
        report.categories ??
        (report.outcome === 'exported' && uploaded ? uploaded.categories.map((c) => ({ ...c, exported: c.records })) : undefined);
      const recordCount =
        report.outcome === 'exported' && uploaded ? uploaded.recordCount : (categories ?? []).reduce((n, c) => n + c.records, 0);
      await manager.query(
        `UPDATE ${this.table} SET status = 'reported', outcome = $2, reported_by = $3, reported_at = now() WHERE task_id = $1`,
        [taskId, report.outcome, reportedBy ?? null],
      );
      await this.outbox.add(
        manager,
        createEvent({
          type: EventTypes.CollectionResultReported,
          source: `dsar/${this.options.service}/${task.systemId}`,
          subject: task.requestId,
          controllerId: task.row.controller_id,
          correlationId: task.row.correlation_id,
          data: {
            requestId: task.requestId,
            taskId,
            systemId: task.systemId,
            outcome: report.outcome,
            action: task.action,
            via: this.options.via,
            recordCount,
            ...(report.outcome === 'exported' && uploaded
              ? { export: { key: uploaded.key, sha256: uploaded.sha256, size: uploaded.size } }
              : {}),
            ...(categories ? { categories } : {}),
            ...(report.error ? { error: report.error } : {}),
          },
        }),
      );
      const { row: _row, ...reported } = task;
      return { ...reported, status: 'reported' as const, outcome: report.outcome };
    });
  }
}
