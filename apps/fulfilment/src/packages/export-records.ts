import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

/** One line of a collector's NDJSON export (libs/contracts, CollectionResultReported). */
export interface ExportRecord {
  /** Register data category id. */
  category: string;
  /** The table, endpoint or file the record comes from. */
  source: string;
  record: Record<string, unknown>;
}

/**
 * Reads an NDJSON export one line at a time: memory holds one record, never the export.
 * A line that is not a record object fails the whole read (a collector bug, not data).
 */
export async function* readExportRecords(content: Readable): AsyncGenerator<ExportRecord> {
  const lines = createInterface({ input: content, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new Error(`export line ${lineNumber} is not JSON`);
    }
    if (!isExportRecord(parsed)) throw new Error(`export line ${lineNumber} is not a {category, source, record} object`);
    yield parsed;
  }
}

function isExportRecord(value: unknown): value is ExportRecord {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.category === 'string' &&
    typeof line.source === 'string' &&
    typeof line.record === 'object' &&
    line.record !== null &&
    !Array.isArray(line.record)
  );
}
