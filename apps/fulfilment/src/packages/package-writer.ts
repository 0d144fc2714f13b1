import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ExportRecord, readExportRecords } from './export-records';
import { CategoryOutcome } from '@dsar/contracts';
import { ManifestFile, ManifestSystem, PACKAGE_FORMAT_VERSION, PackageKind, PackageManifest } from './package-manifest';

export interface PackageSystem {
  systemId: string;
  name: string;
  action: string;
  outcome: string;
  recordCount: number;
  /** The collector's NDJSON export, when it produced one. */
  exportKey: string | null;
  categories: CategoryOutcome[];
}

/** A record the DPO removed (no `fields`) or masked (`fields`) because it concerns someone else. */
export interface Redaction {
  systemId: string;
  /** 0-based position of the record in the system's export (as shown in the draft's data.json). */
  recordIndex: number;
  fields?: string[];
}

export interface PackageDescription {
  requestId: string;
  reference?: string;
  kind: PackageKind;
  requestType: string;
  controllerId: string;
  language: string;
  generatedAt: Date;
  partial: boolean;
  systems: PackageSystem[];
  redactions: Redaction[];
  report: { html: string; pdf: () => Readable };
}

export type OpenExport = (key: string) => Promise<Readable>;

export const REDACTED = '[redacted]';

/**
 * Streams a package as a ZIP: per system its data as JSON and CSV, the report (HTML and PDF),
 * manifest.json and checksums.sha256. Exports are read from storage record by record, twice
 * (once for JSON, once for CSV, whose columns the first pass finds), so memory holds one
 * record and the column names, never an export.
 */
export function writePackage(
  description: PackageDescription,
  openExport: OpenExport,
): { zip: Readable; manifest: Promise<PackageManifest> } {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const manifest = fill(zip, description, openExport).catch((error: Error) => {
    zip.destroy(error);
    throw error;
  });
  manifest.catch(() => undefined);
  return { zip, manifest };
}

async function fill(zip: ZipArchive, description: PackageDescription, openExport: OpenExport): Promise<PackageManifest> {
  const date = description.generatedAt;
  const files: ManifestFile[] = [];
  const add = async (path: string, mediaType: string, content: Readable | string): Promise<void> => {
    const measured = measure(typeof content === 'string' ? Readable.from([Buffer.from(content, 'utf8')]) : content);
    const entered = new Promise<void>((done, fail) => {
      const onEntry = (entry: { name: string }) => {
        if (entry.name !== path) return;
        zip.off('entry', onEntry);
        zip.off('error', fail);
        done();
      };
      zip.on('entry', onEntry);
      zip.once('error', fail);
    });
    zip.append(measured.stream, { name: path, date });
    await entered;
    files.push({ path, mediaType, size: measured.size(), sha256: measured.sha256() });
  };

  const systems: ManifestSystem[] = [];
  for (const system of [...description.systems].sort((a, b) => a.systemId.localeCompare(b.systemId))) {
    const redactions = new Map(description.redactions.filter((r) => r.systemId === system.systemId).map((r) => [r.recordIndex, r]));
    const folder = `systems/${system.systemId}`;
    const systemFiles: string[] = [];
    const columns = new Set<string>();
    let redactedRecords = 0;
    if (system.exportKey) {
      const exportKey = system.exportKey;
      const records = async function* (): AsyncGenerator<ExportRecord> {
        let index = 0;
        for await (const line of readExportRecords(await openExport(exportKey))) {
          const redaction = redactions.get(index++);
          if (!redaction) yield line;
          else if (redaction.fields?.length) yield { ...line, record: mask(line.record, redaction.fields) };
        }
      };
      const json = async function* (): AsyncGenerator<string> {
        yield `{"systemId":${JSON.stringify(system.systemId)},"records":[`;
        let first = true;
        for await (const line of records()) {
          for (const column of Object.keys(line.record)) columns.add(column);
          yield `${first ? '' : ','}\n${JSON.stringify(line)}`;
          first = false;
        }
        yield '\n]}\n';
      };
      await add(`${folder}/data.json`, 'application/json', Readable.from(json()));
      const header = ['category', 'source', ...columns];
      const rows = async function* (): AsyncGenerator<unknown[]> {
        for await (const line of records()) {
          yield [line.category, line.source, ...[...columns].map((column) => cell(line.record[column]))];
        }
      };
      await add(`${folder}/data.csv`, 'text/csv', Readable.from(rows()).pipe(stringify({ header: true, columns: header })));
      systemFiles.push(`${folder}/data.json`, `${folder}/data.csv`);
      redactedRecords = redactions.size;
    }
    systems.push({
      systemId: system.systemId,
      name: system.name,
      action: system.action,
      outcome: system.outcome,
      recordCount: system.recordCount,
      redactedRecords,
      categories: system.categories,
      files: systemFiles,
    });
  }

  await add('report.html', 'text/html', description.report.html);
  await add('report.pdf', 'application/pdf', description.report.pdf());

  const manifest: PackageManifest = {
    formatVersion: PACKAGE_FORMAT_VERSION,
    requestId: description.requestId,
    ...(description.reference ? { reference: description.reference } : {}),
    kind: description.kind,
    requestType: description.requestType,
    controllerId: description.controllerId,
    language: description.language,
    generatedAt: date.toISOString(),
    partial: description.partial,
    systems,
    files: [...files],
  };
  await add('manifest.json', 'application/json', `${JSON.stringify(manifest, null, 2)}\n`);
  const checksums = files.map((file) => `${file.sha256}  ${file.path}\n`).join('');
  zip.append(checksums, { name: 'checksums.sha256', date });
  await zip.finalize();
  return manifest;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function mask(record: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fields.includes(key) ? REDACTED : value]));
}

function measure(source: Readable): { stream: Readable; size: () => number; sha256: () => string } {
  const digest = createHash('sha256');
  let size = 0;
  let hex = '';
  const stream = source.pipe(
    new Transform({
      transform(chunk: Buffer | string, _encoding, callback) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        digest.update(buffer);
        size += buffer.length;
        callback(null, buffer);
      },
      flush(callback) {
        hex = digest.digest('hex');
        callback();
      },
    }),
  );
  source.on('error', (error) => stream.destroy(error));
  return { stream, size: () => size, sha256: () => hex };
}
