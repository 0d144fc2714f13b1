import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidBlobKey, BlobStore, StoredBlob } from './blob-store';
import { unwrapDataKey, WRAPPED_DATA_KEY_LENGTH, wrapDataKey } from './data-key-wrapping';

const MAGIC = Buffer.from('DSARBLOB1');
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = MAGIC.length + WRAPPED_DATA_KEY_LENGTH + IV_LENGTH;

/**
 * Local encrypted files, for the embedded mode and single-host runs. Envelope
 * encryption: each blob has its own AES-256-GCM data key, wrapped by the master key.
 * Layout: magic | wrapped data key | iv | ciphertext | auth tag. Writes go to a
 * temporary file renamed into place, so a crash never leaves half a blob.
 */
export class EncryptedFileBlobStore implements BlobStore {
  private readonly root: string;

  constructor(
    root: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the storage master key must be 32 bytes');
    this.root = resolve(root);
  }

  async put(key: string, content: Readable): Promise<StoredBlob> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomUUID()}.partial`;
    const dataKey = randomBytes(32);
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    const digest = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        digest.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const out = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
    out.write(Buffer.concat([MAGIC, wrapDataKey(this.masterKey, dataKey), iv]));
    try {
      await pipeline(content, measure, cipher, out, { end: false } as never);
      await new Promise<void>((done, fail) => out.end(cipher.getAuthTag(), () => done()).on('error', fail));
      await rename(temporary, target);
    } catch (error) {
      out.destroy();
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, sha256: digest.digest('hex'), size };
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    const { size } = await stat(path);
    if (size < HEADER_LENGTH + TAG_LENGTH) throw new Error('blob is truncated');
    const handle = await open(path, 'r');
    const header = Buffer.alloc(HEADER_LENGTH);
    const tag = Buffer.alloc(TAG_LENGTH);
    try {
      await handle.read(header, 0, HEADER_LENGTH, 0);
      await handle.read(tag, 0, TAG_LENGTH, size - TAG_LENGTH);
    } finally {
      await handle.close();
    }
    if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a DSAR blob');
    const dataKey = unwrapDataKey(this.masterKey, header.subarray(MAGIC.length, MAGIC.length + WRAPPED_DATA_KEY_LENGTH));
    const decipher = createDecipheriv('aes-256-gcm', dataKey, header.subarray(MAGIC.length + WRAPPED_DATA_KEY_LENGTH));
    decipher.setAuthTag(tag);
    const body = createReadStream(path, { start: HEADER_LENGTH, end: size - TAG_LENGTH - 1 });
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
