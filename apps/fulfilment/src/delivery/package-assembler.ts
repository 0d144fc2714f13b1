import { Inject, Injectable } from '@nestjs/common';
import { authorityFor } from '@dsar/domain';
import { BLOB_STORE } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { createHash } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { CollectionTaskEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { PackageManifest } from '../packages/package-manifest';
import { PackageDescription, PackageSystem, Redaction, writePackage } from '../packages/package-writer';
import { RequestKeyCipher } from '../packages/request-key-cipher';
import { ControllerProfiles } from '../profiles/controller-profiles';
import { buildReport } from '../reports/report-model';
import { renderReportHtml, renderReportPdf } from '../reports/report-renderer';

export const REQUEST_KEY_CIPHER = Symbol('dsar:request-key-cipher');

export interface StoredPackage {
  key: string;
  /** Of the ZIP the subject downloads (the plaintext). */
  sha256: string;
  size: number;
  manifest: PackageManifest;
}

export function packageKeyOf(requestId: string, version: number): string {
  return `packages/${requestId}/package-v${version}.zip`;
}

/**
 * Turns a fulfilment and its tasks into the ZIP the subject gets: the description (systems,
 * report from the register, redactions), then the streamed ZIP, encrypted with the request key
 * on its way to the blob store. Same key for the same version: a retry replaces, never duplicates.
 */
@Injectable()
export class PackageAssembler {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(REQUEST_KEY_CIPHER) private readonly cipher: RequestKeyCipher,
    private readonly profiles: ControllerProfiles,
  ) {}

  describe(fulfilment: FulfilmentEntity, tasks: CollectionTaskEntity[], generatedAt: Date, redactions: Redaction[]): PackageDescription {
    const profile = this.profiles.get(fulfilment.controllerId);
    const names = new Map(profile.systems.map((s) => [s.id, s.name]));
    const systems: PackageSystem[] = [...tasks]
      .sort((a, b) => a.systemId.localeCompare(b.systemId))
      .map((task) => ({
        systemId: task.systemId,
        name: names.get(task.systemId) ?? task.systemId,
        action: task.action,
        outcome: task.status === 'requested' ? 'pending' : task.status,
        recordCount: task.recordCount,
        exportKey: task.action === 'export' ? task.exportKey : null,
        categories: task.categories,
      }));
    const partial = tasks.some((t) => t.status === 'requested' || t.status === 'pending' || t.status === 'failed');
    const authority = fulfilment.authority ?? authorityFor(profile);
    const categories = Array.isArray(fulfilment.details.categories) ? (fulfilment.details.categories as string[]) : undefined;
    const model = buildReport({
      profile,
      language: fulfilment.language,
      kind: fulfilment.kind,
      requestType: fulfilment.requestType,
      reference: fulfilment.reference ?? undefined,
      generatedAt,
      partial,
      systems,
      categories,
      authority,
      ...(fulfilment.recipientsInformed ? { recipientsInformed: fulfilment.recipientsInformed } : {}),
    });
    return {
      requestId: fulfilment.requestId,
      reference: fulfilment.reference ?? undefined,
      kind: fulfilment.kind,
      requestType: fulfilment.requestType,
      controllerId: fulfilment.controllerId,
      language: model.language,
      generatedAt,
      partial,
      systems,
      redactions,
      report: { html: renderReportHtml(model), pdf: () => renderReportPdf(model) },
    };
  }

  /** The ZIP as a stream, for the DPO's review: assembled on the fly, never stored. */
  draft(description: PackageDescription): Readable {
    return writePackage(description, (key) => this.blobs.get(key)).zip;
  }

  async store(description: PackageDescription, wrappedKey: Buffer, version: number): Promise<StoredPackage> {
    const { zip, manifest } = writePackage(description, (key) => this.blobs.get(key));
    const digest = createHash('sha256');
    let size = 0;
    const measured = zip.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          digest.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
    );
    zip.on('error', (error) => measured.destroy(error));
    const key = packageKeyOf(description.requestId, version);
    await this.blobs.put(key, this.cipher.encrypt(wrappedKey, measured));
    return { key, sha256: digest.digest('hex'), size, manifest: await manifest };
  }

  /** The package as the subject downloads it: decrypted while streamed. */
  async open(key: string, wrappedKey: Buffer): Promise<Readable> {
    const sealed = await this.blobs.get(key);
    const output = new PassThrough();
    const decrypt = this.cipher.decrypt(wrappedKey);
    sealed.on('error', (error) => output.destroy(error));
    decrypt.on('error', (error) => output.destroy(error));
    return sealed.pipe(decrypt).pipe(output);
  }
}
