import { CategoryOutcome } from '@dsar/contracts';

/**
 * The manifest.json at the root of every package a subject downloads. Its schema is
 * documented in apps/fulfilment/README.md ("Package format"); `formatVersion` changes
 * when a field changes meaning.
 */
export const PACKAGE_FORMAT_VERSION = 1;

export type PackageKind = 'access' | 'portability' | 'action-report';

export interface ManifestFile {
  path: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface ManifestSystem {
  systemId: string;
  name: string;
  action: string;
  /** exported | completed | no-data | failed | pending (no answer by the collection timeout). */
  outcome: string;
  recordCount: number;
  /** Records left out or masked by the DPO's review (Art. 15(4)). */
  redactedRecords: number;
  categories: CategoryOutcome[];
  files: string[];
}

export interface PackageManifest {
  formatVersion: number;
  requestId: string;
  reference?: string;
  kind: PackageKind;
  requestType: string;
  controllerId: string;
  language: string;
  generatedAt: string;
  /** True when some system had not answered: the DPO knew and approved sending it. */
  partial: boolean;
  systems: ManifestSystem[];
  /** Every file of the package but manifest.json and checksums.sha256 (which lists them all). */
  files: ManifestFile[];
}
