import { randomBytes } from 'node:crypto';
import { hashToken } from '@dsar/auth';

/**
 * Prints a fresh set of deployment secrets as an env file, for docker/.env or a
 * Kubernetes Secret (`kubectl create secret generic dsar-secrets --from-env-file=…`).
 * The staff token itself is printed once, as a comment: only its hash is configured.
 */
function main(): void {
  const staffToken = randomBytes(24).toString('base64url');
  const lines = [
    `# Staff API token (keep it; only its hash below is stored): ${staffToken}`,
    `POSTGRES_PASSWORD=${randomBytes(18).toString('base64url')}`,
    `STAFF_TOKEN_HASHES=${hashToken(staffToken)}`,
    `STORAGE_MASTER_KEY=${randomBytes(32).toString('base64')}`,
    `S3_ACCESS_KEY_ID=dsar-${randomBytes(6).toString('hex')}`,
    `S3_SECRET_ACCESS_KEY=${randomBytes(24).toString('base64url')}`,
    `IDENTITY_CODE_SECRET=${randomBytes(32).toString('base64url')}`,
    `SUBJECT_SECRET_KEY=${randomBytes(32).toString('base64')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
