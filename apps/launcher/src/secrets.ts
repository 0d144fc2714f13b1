import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalSecrets {
  storageMasterKey: string;
  identityCodeSecret: string;
  staffToken: string;
}

/**
 * Secrets of a local run, generated on first start and kept (mode 600) in the data
 * folder so stored blobs stay readable across restarts. Never committed.
 */
export function loadOrCreateSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    storageMasterKey: randomBytes(32).toString('base64'),
    identityCodeSecret: randomBytes(32).toString('base64url'),
    staffToken: randomBytes(24).toString('base64url'),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
