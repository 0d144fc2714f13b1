import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_LENGTH = 12;
const DATA_KEY_LENGTH = 32;
const TAG_LENGTH = 16;

/** Length of a wrapped data key: iv | encrypted key | auth tag. */
export const WRAPPED_DATA_KEY_LENGTH = IV_LENGTH + DATA_KEY_LENGTH + TAG_LENGTH;

/** Encrypts a 32-byte data key with the master key (AES-256-GCM): iv | encrypted key | auth tag. */
export function wrapDataKey(masterKey: Buffer, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, wrapped, cipher.getAuthTag()]);
}

/** Decrypts a key wrapped by `wrapDataKey`; throws if it was tampered with or wrapped by another master key. */
export function unwrapDataKey(masterKey: Buffer, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, IV_LENGTH));
  decipher.setAuthTag(wrapped.subarray(IV_LENGTH + DATA_KEY_LENGTH));
  return Buffer.concat([decipher.update(wrapped.subarray(IV_LENGTH, IV_LENGTH + DATA_KEY_LENGTH)), decipher.final()]);
}
