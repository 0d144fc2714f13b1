import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalSecrets {
  storageMasterKey: string;
  identityCodeSecret: string;
  /** Seals codes and links in events for the notification service. */
  subjectSecretKey: string;
  staffToken: string;
  /** Password of the local `dpo` account (embedded mode), stored by the identity service only as a bcrypt hash. */
  dpoPassword: string;
  /** Signs OpenDSR responses and callbacks (EC P-256, PKCS#8 PEM). */
  openDsrSigningKey: string;
  /** The bearer token the demo controller uses on the OpenDSR endpoints. */
  openDsrControllerToken: string;
}

/**
 * Secrets of a local run, generated on first start and kept (mode 600) in the data
 * folder so stored blobs stay readable across restarts. Never committed.
 */
export function loadOrCreateSecrets(file: string): LocalSecrets {
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    openDsrSigningKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    openDsrControllerToken: randomBytes(24).toString('base64url'),
    storageMasterKey: randomBytes(32).toString('base64'),
    identityCodeSecret: randomBytes(32).toString('base64url'),
    subjectSecretKey: randomBytes(32).toString('base64'),
    staffToken: randomBytes(24).toString('base64url'),
    dpoPassword: randomBytes(18).toString('base64url'),
    ...stored,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Writes the OpenDSR signing key where intake reads it (mode 600); returns the path. */
export function writeOpenDsrSigningKey(folder: string, secrets: LocalSecrets): string {
  const path = `${folder}/opendsr-signing-key.pem`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(path, secrets.openDsrSigningKey, { mode: 0o600 });
  return path;
}
