import { backoffDelay, RetryPolicy } from '@dsar/messaging';
import { BlobReference } from '@dsar/contracts';
import { BlobStore } from '@dsar/storage';
import { setTimeout as sleep } from 'node:timers/promises';
import { abortable } from './abortable';
import { CategoryOutcome, CollectionAction, CollectionTask, Collector, CollectorError, OperationContext } from './collector';
import { exportBlobKey, streamExport } from './ndjson-export';

export interface TaskRunnerOptions {
  blobs: BlobStore;
  retry: RetryPolicy;
  /** Each attempt is abandoned after this long. */
  attemptTimeoutMs: number;
  log?: { warn(obj: object, msg?: string): void };
  controllerId?: string;
}

/** The result a collector reports, as dsar.collection.result-reported.v1 carries it. */
export interface TaskResult {
  outcome: 'exported' | 'completed' | 'no-data' | 'failed';
  action: CollectionAction;
  recordCount: number;
  export?: BlobReference;
  categories?: CategoryOutcome[];
  /** Safe to publish: never personal data. */
  error?: string;
}

type ActionMethod = 'erase' | 'rectify' | 'restrict' | 'resume' | 'object' | 'withdrawConsent';
const METHOD_OF: Record<Exclude<CollectionAction, 'export'>, ActionMethod> = {
  erase: 'erase',
  rectify: 'rectify',
  restrict: 'restrict',
  resume: 'resume',
  object: 'object',
  'withdraw-consent': 'withdrawConsent',
};

/** Error text that may leave the collector: our own messages, otherwise the error's class only. */
export function publishableError(error: unknown): string {
  if (error instanceof CollectorError) return error.message.slice(0, 500);
  // Abort reasons are DOMExceptions, which are not always `instanceof Error` (other realms).
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : 'unknown error';
  if (name === 'TimeoutError') return 'the system did not answer in time';
  return `the system failed (${name.slice(0, 60)})`;
}

async function attempt(
  collector: Collector,
  task: CollectionTask,
  context: OperationContext,
  options: TaskRunnerOptions,
): Promise<TaskResult> {
  if (task.action === 'export') {
    const { stored, counts } = await streamExport(options.blobs, exportBlobKey(task), collector.export(task, context), context.signal);
    const recordCount = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const categories = [...counts].map(([category, n]) => ({ category, records: n, exported: n }));
    if (recordCount === 0) {
      await options.blobs.delete(stored.key);
      return { outcome: 'no-data', action: 'export', recordCount: 0, categories: [] };
    }
    return {
      outcome: 'exported',
      action: 'export',
      recordCount,
      export: { key: stored.key, sha256: stored.sha256, size: stored.size },
      categories,
    };
  }
  const method = collector[METHOD_OF[task.action]];
  if (!method) throw new CollectorError(`this collector cannot ${task.action}`, false);
  const categories = await abortable(method.call(collector, task, context), context.signal);
  const recordCount = categories.reduce((sum, c) => sum + c.records, 0);
  return { outcome: recordCount > 0 ? 'completed' : 'no-data', action: task.action, recordCount, categories };
}

/**
 * Runs one task with bounded retries and back-off, each attempt under a timeout. Never throws
 * for the system's failures: after the last attempt the result is `failed`, with a safe reason.
 * Late tasks (past `respondBy`) are still carried out: fulfilment merges late results.
 */
export async function runCollectionTask(collector: Collector, task: CollectionTask, options: TaskRunnerOptions): Promise<TaskResult> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    const signal = AbortSignal.timeout(options.attemptTimeoutMs);
    try {
      return await attempt(collector, task, { signal, controllerId: options.controllerId }, options);
    } catch (error) {
      const retryable = !(error instanceof CollectorError) || error.retryable;
      options.log?.warn(
        { taskId: task.taskId, systemId: task.systemId, action: task.action, attempt: attemptNumber, reason: publishableError(error) },
        'collection attempt failed',
      );
      if (!retryable || attemptNumber >= options.retry.maxAttempts) {
        return { outcome: 'failed', action: task.action, recordCount: 0, error: publishableError(error) };
      }
      await sleep(backoffDelay(attemptNumber, options.retry));
    }
  }
}
