import { Inject, Injectable } from '@nestjs/common';
import { BlobStore, StoredBlob } from '@dsar/storage';
import { Readable } from 'node:stream';
import { BLOB_STORE } from '@dsar/platform';
import { CollectionTaskEntity } from './fulfilment.entity';

export function packageKeyOf(requestId: string): string {
  return `packages/${requestId}/package.json`;
}

/**
 * Streams the answer to an access request into the blob store: one JSON document with
 * each system's export spliced in from storage, never held whole in memory. The key is
 * fixed per request, so assembling twice (after a crash) replaces, never duplicates.
 */
@Injectable()
export class PackageAssembler {
  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async assemble(requestId: string, tasks: CollectionTaskEntity[], generatedAt: Date): Promise<StoredBlob> {
    const blobs = this.blobs;
    async function* document(): AsyncGenerator<Buffer | string> {
      yield `{"requestId":${JSON.stringify(requestId)},"generatedAt":${JSON.stringify(generatedAt.toISOString())},"systems":[`;
      let first = true;
      for (const task of [...tasks].sort((a, b) => a.systemId.localeCompare(b.systemId))) {
        yield `${first ? '' : ','}{"systemId":${JSON.stringify(task.systemId)},"outcome":${JSON.stringify(task.status)},"recordCount":${task.recordCount},"data":`;
        first = false;
        if (task.exportKey) {
          for await (const chunk of await blobs.get(task.exportKey)) yield chunk as Buffer;
        } else {
          yield 'null';
        }
        yield '}';
      }
      yield ']}';
    }
    return this.blobs.put(packageKeyOf(requestId), Readable.from(document()));
  }
}
