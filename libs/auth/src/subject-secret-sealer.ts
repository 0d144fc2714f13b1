import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

/** The form of a sealed secret in an event: `v1.<iv>.<ciphertext>.<tag>`, base64url. */
export const SEALED_SECRET_PATTERN = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/;

/**
 * Seals a subject's secret (a one-time code, a magic link, a download link) for the one service
 * that must send it: AES-256-GCM under SUBJECT_SECRET_KEY, bound to a context (the event type and
 * request id) so a sealed value cannot be replayed into another message. What travels in events and
 * stays in the event log is this, never the secret.
 */
export class SubjectSecretSealer {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('the subject secret key must be 32 bytes');
  }

  seal(secret: string, context: string): string {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The secret, or throws when it was sealed under another key or context, or tampered with. */
  open(sealed: string, context: string): string {
    if (!SEALED_SECRET_PATTERN.test(sealed)) throw new Error('not a sealed secret');
    const [, iv, ciphertext, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }
}

/** The context a secret of one event is sealed under: its type and request. */
export const sealingContext = (eventType: string, requestId: string) => `${eventType}:${requestId}`;
