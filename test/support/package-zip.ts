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
