import { BlobStore, StoredBlob } from '@dsar/storage';
import { Readable } from 'node:stream';
import { abortableIterable } from './abortable';
import { CollectionTask, ExportRecord } from './collector';

/** Lines are gathered into chunks of about this size: fewer, larger writes to the cipher. */
const CHUNK_BYTES = 64 * 1024;

/** Where a task's export goes: one key per task, so a retried task overwrites, never duplicates. */
export function exportBlobKey(task: Pick<CollectionTask, 'requestId' | 'systemId' | 'taskId'>): string {
  return `exports/${task.requestId}/${task.systemId}/${task.taskId}.ndjson`;
}

export interface StreamedExport {
  stored: StoredBlob;
  /** Records written, per register data category. */
  counts: Map<string, number>;
}

function assertRecord(record: ExportRecord): void {
  if (
    !record ||
    typeof record.category !== 'string' ||
    !record.category ||
    typeof record.source !== 'string' ||
    typeof record.record !== 'object'
  ) {
    throw new Error('a collector produced a record without category, source and record');
  }
}

/**
 * Streams records to the encrypted blob store as NDJSON (one `{"category","source","record"}`
 * per line), never holding more than a chunk in memory. The store writes to a temporary file
 * renamed into place, so an interrupted export leaves no blob anyone could reference.
 */
export async function streamExport(
  blobs: BlobStore,
  key: string,
  records: AsyncIterable<ExportRecord>,
  signal: AbortSignal,
): Promise<StreamedExport> {
  const counts = new Map<string, number>();
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for await (const record of abortableIterable(records, signal)) {
      assertRecord(record);
      counts.set(record.category, (counts.get(record.category) ?? 0) + 1);
      chunk += `${JSON.stringify({ category: record.category, source: record.source, record: record.record })}\n`;
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  const stored = await blobs.put(key, Readable.from(lines(), { objectMode: false }));
  return { stored, counts };
}
