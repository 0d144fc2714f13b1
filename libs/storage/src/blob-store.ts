import { Readable } from 'node:stream';

export interface StoredBlob {
  key: string;
  /** SHA-256 of the plaintext, hex. */
  sha256: string;
  /** Size of the plaintext in bytes. */
  size: number;
}

/**
 * Blobs (exports, ID documents, packages) behind one port. Implementations always
 * encrypt at rest and never hold a whole blob in memory.
 */
export interface BlobStore {
  put(key: string, content: Readable): Promise<StoredBlob>;
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Makes the store usable (its folder or bucket exists); idempotent. */
  prepare(): Promise<void>;
  /** Cleans what writes interrupted before `startedBefore` left behind (never a stored blob); returns how many. */
  sweepInterrupted(startedBefore: Date): Promise<number>;
}

const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

export function assertValidBlobKey(key: string): void {
  if (!KEY_PATTERN.test(key) || key.includes('..') || key.length > 512) {
    throw new Error(`invalid blob key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}
