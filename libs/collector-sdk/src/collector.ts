/**
 * The one contract every collector implements: what to do in ONE internal system for ONE task.
 * Everything around it (consuming tasks, idempotency, retries, timeouts, streaming the export
 * to the encrypted blob store, publishing results) is the SDK's job, not the collector's.
 */

import { CategoryOutcome, CollectionAction, CollectionTaskRequestedData } from '@dsar/contracts';

export type { CategoryOutcome, CollectionAction, KeptRecords } from '@dsar/contracts';

export const COLLECTION_ACTIONS: readonly CollectionAction[] = [
  'export',
  'erase',
  'rectify',
  'restrict',
  'resume',
  'object',
  'withdraw-consent',
];

/** A collection task as the contract carries it (dsar.collection.task-requested.v1). */
export type CollectionTask = CollectionTaskRequestedData;

/** One line of an export blob (NDJSON): a record, the register category it belongs to, where it comes from. */
export interface ExportRecord {
  category: string;
  source: string;
  record: Record<string, unknown>;
}

/** Passed to every operation: aborted when the task's time is up. */
export interface OperationContext {
  signal: AbortSignal;
  /** The controller the request belongs to (the envelope's controller id). */
  controllerId?: string;
}

export interface IdentifierMatchQuery {
  systemId: string;
  identities: { email: string };
  identifiers: Record<string, string>;
}

/**
 * A collector serves one or more systems. `export` streams records (the SDK writes them);
 * the other operations carry the action out in one transaction of the system and say, per
 * category, what they did and what they kept by law.
 */
export interface Collector {
  /** The system ids this collector answers for; tasks for other systems are not its business. */
  readonly systems: readonly string[];
  /** Does a subject with this e-mail exist here, and do all given identifiers this system knows match? */
  match?(query: IdentifierMatchQuery, context: OperationContext): Promise<boolean>;
  export(task: CollectionTask, context: OperationContext): AsyncIterable<ExportRecord>;
  erase?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
  rectify?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
  restrict?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
  resume?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
  object?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
  withdrawConsent?(task: CollectionTask, context: OperationContext): Promise<CategoryOutcome[]>;
}

/**
 * A failure whose message is safe to publish (no personal data). `retryable: false` stops the
 * retries at once (the task cannot succeed: an unsupported action, a bad rectification field).
 */
export class CollectorError extends Error {
  constructor(
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'CollectorError';
  }
}
