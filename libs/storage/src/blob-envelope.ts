import { CipherGCM, createCipheriv, createDecipheriv, createHash, DecipherGCM, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { StoredBlob } from './blob-store';
import { unwrapDataKey, WRAPPED_DATA_KEY_LENGTH, wrapDataKey } from './data-key-wrapping';

/**
 * The format of every stored blob, whatever holds it: magic | wrapped data key | iv |
 * ciphertext | auth tag. Envelope encryption: each blob has its own AES-256-GCM data key,
 * wrapped by the master key.
 */
const MAGIC = Buffer.from('DSARBLOB1');
const IV_LENGTH = 12;
export const BLOB_TAG_LENGTH = 16;
export const BLOB_HEADER_LENGTH = MAGIC.length + WRAPPED_DATA_KEY_LENGTH + IV_LENGTH;

export function assertMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== 32) throw new Error('the storage master key must be 32 bytes');
}

/** A new blob's header and the cipher its plaintext goes through; the tag follows the ciphertext. */
export function sealBlob(masterKey: Buffer): { header: Buffer; cipher: CipherGCM } {
  const dataKey = randomBytes(32);
  const iv = randomBytes(IV_LENGTH);
  return {
    header: Buffer.concat([MAGIC, wrapDataKey(masterKey, dataKey), iv]),
    cipher: createCipheriv('aes-256-gcm', dataKey, iv),
  };
}

/** The decipher of a blob from its header and tag; throws when it is not a blob of this master key. */
export function openBlob(masterKey: Buffer, header: Buffer, tag: Buffer): DecipherGCM {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a DSAR blob');
  const dataKey = unwrapDataKey(masterKey, header.subarray(MAGIC.length, MAGIC.length + WRAPPED_DATA_KEY_LENGTH));
  const decipher = createDecipheriv('aes-256-gcm', dataKey, header.subarray(MAGIC.length + WRAPPED_DATA_KEY_LENGTH));
  decipher.setAuthTag(tag);
  return decipher;
}

/** Passes the plaintext through, counting its bytes and hashing it. */
export function measurePlaintext(key: string): { transform: Transform; stored(): StoredBlob } {
  const digest = createHash('sha256');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      digest.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { transform, stored: () => ({ key, sha256: digest.digest('hex'), size }) };
}
