import { unwrapDataKey, wrapDataKey } from '@dsar/storage';
import { createCipheriv, createDecipheriv, DecipherGCM, randomBytes } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const MAGIC = Buffer.from('DSARPKG1');

/**
 * The per-request key: everything fulfilment stores for a request (packages, drafts) is
 * encrypted with it before it reaches the blob store, and the key itself is kept only
 * wrapped by the storage master key, in fulfilment's database. Destroying that row makes
 * every copy of the request's packages unreadable, wherever they were copied
 * (crypto-shredding).
 */
export class RequestKeyCipher {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the storage master key must be 32 bytes');
  }

  newWrappedKey(): Buffer {
    return wrapDataKey(this.masterKey, randomBytes(32));
  }

  /** Encrypts a stream with the request key: magic | iv | ciphertext | tag. */
  encrypt(wrappedKey: Buffer, plaintext: Readable): Readable {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', unwrapDataKey(this.masterKey, wrappedKey), iv);
    async function* sealed(): AsyncGenerator<Buffer> {
      yield Buffer.concat([MAGIC, iv]);
      for await (const chunk of plaintext) {
        const out = cipher.update(chunk as Buffer);
        if (out.length > 0) yield out;
      }
      const last = cipher.final();
      if (last.length > 0) yield last;
      yield cipher.getAuthTag();
    }
    return Readable.from(sealed());
  }

  /**
   * Decrypts a stream encrypted by `encrypt`. The tag is the last 16 bytes, so they are held
   * back until the end; a tampered or truncated stream ends with an error.
   */
  decrypt(wrappedKey: Buffer): Transform {
    const key = unwrapDataKey(this.masterKey, wrappedKey);
    let header = Buffer.alloc(0);
    let decipher: DecipherGCM | undefined;
    let held = Buffer.alloc(0);
    return new Transform({
      transform(chunk: Buffer, _encoding, callback: TransformCallback) {
        try {
          if (!decipher) {
            header = Buffer.concat([header, chunk]);
            if (header.length < MAGIC.length + IV_LENGTH) return callback();
            if (!header.subarray(0, MAGIC.length).equals(MAGIC)) return callback(new Error('not a DSAR package'));
            decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length, MAGIC.length + IV_LENGTH));
            chunk = header.subarray(MAGIC.length + IV_LENGTH);
          }
          held = Buffer.concat([held, chunk]);
          if (held.length <= TAG_LENGTH) return callback();
          const ready = held.subarray(0, held.length - TAG_LENGTH);
          held = Buffer.from(held.subarray(held.length - TAG_LENGTH));
          callback(null, decipher.update(ready));
        } catch (error) {
          callback(error as Error);
        }
      },
      flush(callback: TransformCallback) {
        try {
          if (!decipher || held.length !== TAG_LENGTH) return callback(new Error('package is truncated'));
          decipher.setAuthTag(held);
          callback(null, decipher.final());
        } catch (error) {
          callback(error as Error);
        }
      },
    });
  }
}
