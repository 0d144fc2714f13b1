import { Transform, TransformCallback } from 'node:stream';

const CATEGORY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why an uploaded export was refused: safe to return to the uploader (never echoes the data). */
export class ExportFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'ExportFormatError';
  }
}

export interface NdjsonCheckOptions {
  /** Register categories the task asked for; a record of another category is refused. */
  categories?: readonly string[];
  /** A single line longer than this is refused (default 16 MiB). */
  maxLineBytes?: number;
  /** The whole export larger than this is refused. */
  maxBytes?: number;
}

/**
 * Checks an export uploaded by a system as it streams through: every line a JSON object with
 * `category`, `source` and `record`, normalised to exactly those three keys. Counts records per
 * category. Memory is bounded by one line.
 */
export class NdjsonExportCheck extends Transform {
  readonly counts = new Map<string, number>();
  private pending = Buffer.alloc(0);
  private line = 0;
  private bytes = 0;

  constructor(private readonly options: NdjsonCheckOptions = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.options.maxBytes !== undefined && this.bytes > this.options.maxBytes) {
      return callback(new ExportFormatError(`the export is larger than ${this.options.maxBytes} bytes`, this.line));
    }
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: string[] = [];
    try {
      for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a)) {
        const text = data.subarray(0, newline).toString('utf8');
        data = data.subarray(newline + 1);
        const normalised = this.check(text);
        if (normalised) out.push(normalised);
      }
      if (data.length > (this.options.maxLineBytes ?? 16 * 1024 * 1024)) throw new ExportFormatError('a line is too long', this.line + 1);
    } catch (error) {
      return callback(error as Error);
    }
    this.pending = Buffer.from(data);
    callback(null, out.length > 0 ? out.join('') : undefined);
  }

  override _flush(callback: TransformCallback): void {
    try {
      const last = this.check(this.pending.toString('utf8'));
      callback(null, last ?? undefined);
    } catch (error) {
      callback(error as Error);
    }
  }

  get recordCount(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  private check(text: string): string | undefined {
    this.line++;
    if (text.trim() === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ExportFormatError('not a JSON object', this.line);
    }
    const { category, source, record } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof category !== 'string' || !CATEGORY.test(category))
      throw new ExportFormatError('"category" must be a data category id', this.line);
    if (typeof source !== 'string' || source.length === 0 || source.length > 200)
      throw new ExportFormatError('"source" must name a table, endpoint or file', this.line);
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw new ExportFormatError('"record" must be an object', this.line);
    if (this.options.categories && !this.options.categories.includes(category)) {
      throw new ExportFormatError(`category "${category}" is not in the task's scope`, this.line);
    }
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    return `${JSON.stringify({ category, source, record })}\n`;
  }
}
