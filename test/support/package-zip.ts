import { buffer } from 'node:stream/consumers';
import { Entry, fromBuffer, ZipFile } from 'yauzl';

/** Every entry of a downloaded package (ZIP), by name. */
export async function unzipPackage(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await new Promise<ZipFile>((done, fail) => fromBuffer(zip, { lazyEntries: true }, (e, z) => (e ? fail(e) : done(z))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((done, fail) => {
    file.on('entry', (entry: Entry) => {
      file.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        buffer(stream).then((content) => {
          entries.set(entry.fileName, content);
          file.readEntry();
        }, fail);
      });
    });
    file.on('end', done);
    file.on('error', fail);
    file.readEntry();
  });
  return entries;
}

export interface PackageManifest {
  requestId: string;
  kind: string;
  requestType: string;
  partial: boolean;
  systems: {
    systemId: string;
    action: string;
    outcome: string;
    recordCount: number;
    categories: Record<string, unknown>[];
    files: string[];
  }[];
  files: { path: string; sha256: string; size: number }[];
}

export interface ExportLine {
  category: string;
  source: string;
  record: Record<string, unknown>;
}

export function manifestOf(entries: Map<string, Buffer>): PackageManifest {
  return JSON.parse(entries.get('manifest.json')!.toString('utf8')) as PackageManifest;
}

/** A system's records as the package holds them (systems/<id>/data.json). */
export function recordsOf(entries: Map<string, Buffer>, systemId: string): ExportLine[] {
  const data = entries.get(`systems/${systemId}/data.json`);
  return data ? (JSON.parse(data.toString('utf8')) as { records: ExportLine[] }).records : [];
}
