import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidBlobKey, BlobStore, StoredBlob } from './blob-store';
import { assertMasterKey, BLOB_HEADER_LENGTH, BLOB_TAG_LENGTH, measurePlaintext, openBlob, sealBlob } from './blob-envelope';

const PARTIAL_SUFFIX = '.partial';

/**
 * Local encrypted files, for the embedded mode and single-host runs (the blob format is
 * blob-envelope's). Writes go to a temporary file renamed into place, so a crash never
 * leaves half a blob; what a crash leaves is swept.
 */
export class EncryptedFileBlobStore implements BlobStore {
  private readonly root: string;

  constructor(
    root: string,
    private readonly masterKey: Buffer,
  ) {
    assertMasterKey(masterKey);
    this.root = resolve(root);
  }

  async put(key: string, content: Readable): Promise<StoredBlob> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}${PARTIAL_SUFFIX}`;
    const { header, cipher } = sealBlob(this.masterKey);
    const measure = measurePlaintext(key);
    const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
    out.write(header);
    try {
      await pipeline(content, measure.transform, cipher, out, { end: false });
      await new Promise<void>((done, fail) => out.end(cipher.getAuthTag(), () => done()).on('error', fail));
      await rename(temporary, target);
    } catch (error) {
      out.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
    return measure.stored();
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const { size } = await stat(path);
    if (size < BLOB_HEADER_LENGTH + BLOB_TAG_LENGTH) throw new Error('blob is truncated');
    const handle = await open(path, 'r');
    const header = Buffer.alloc(BLOB_HEADER_LENGTH);
    const tag = Buffer.alloc(BLOB_TAG_LENGTH);
    try {
      await handle.read(header, 0, BLOB_HEADER_LENGTH, 0);
      await handle.read(tag, 0, BLOB_TAG_LENGTH, size - BLOB_TAG_LENGTH);
    } finally {
      await handle.close();
    }
    const decipher = openBlob(this.masterKey, header, tag);
    const ciphertextEnd = size - BLOB_TAG_LENGTH - 1;
    const body =
      ciphertextEnd < BLOB_HEADER_LENGTH ? Readable.from([]) : createReadStream(path, { start: BLOB_HEADER_LENGTH, end: ciphertextEnd });
    const output = new PassThrough();
    pipeline(body, decipher, output).catch((error) => output.destroy(error));
    return output;
  }

  async exists(key: string): Promise<boolean> {
    return stat(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  /** Removes the blob, and the folders it leaves empty, so nothing of it remains. */
  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    for (let folder = dirname(path); folder.startsWith(`${this.root}/`); folder = dirname(folder)) {
      try {
        await rmdir(folder);
      } catch {
        return; // not empty, or already gone
      }
    }
  }

  async prepare(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }

  /** Removes the temporary files of writes a crash interrupted before `startedBefore`. */
  async sweepInterrupted(startedBefore: Date): Promise<number> {
    let swept = 0;
    const visit = async (folder: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await visit(path);
        else if (entry.name.endsWith(PARTIAL_SUFFIX) && (await stat(path)).mtime < startedBefore) {
          await rm(path, { force: true });
          swept += 1;
        }
      }
    };
    await visit(this.root);
    return swept;
  }

  private pathOf(key: string): string {
    assertValidBlobKey(key);
    return join(this.root, `${key}.enc`);
  }
}

/** Reads a whole blob as text: for small blobs and tests only. */
export async function readBlobText(store: BlobStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
