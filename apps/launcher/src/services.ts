import { hashToken } from '@dsar/auth';
import { hashSync } from 'bcryptjs';
import { LocalSecrets } from './secrets';

/** The services of the platform, in start order, with their offset from the base port. */
export const SERVICES = [
  'intake',
  'identity',
  'fulfilment',
  'notification',
  'backoffice',
  'collector-postgres',
  'collector-manual',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** An S3-compatible bucket for the blobs, instead of a folder every service shares. */
export interface S3Layout {
  /** Unset: AWS S3 itself. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PlatformLayout {
  basePort: number;
  host: string;
  databaseUrl: string;
  demoDatabaseUrl: string;
  storageDir: string;
  /** Set: the blobs go to this bucket, not to storageDir. */
  s3?: S3Layout;
  secrets: LocalSecrets;
  /** Where the OpenDSR signing key is written for intake to read. */
  openDsrKeyFile: string;
  logLevel: string;
}

export function portOf(layout: PlatformLayout, service: ServiceName): number {
  return layout.basePort + SERVICES.indexOf(service);
}

export function urlOf(layout: PlatformLayout, service: ServiceName): string {
  return `http://${layout.host}:${portOf(layout, service)}`;
}

/** Settings a local run may override from its own environment (benchmarks raise the rate limits). */
function passThrough(names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])));
}

/** The environment each service gets, on top of the shared transport settings. */
export function serviceEnvironment(layout: PlatformLayout, service: ServiceName): Record<string, string> {
  const common = {
    DATABASE_URL: layout.databaseUrl,
    HOST: layout.host,
    PORT: String(portOf(layout, service)),
    LOG_LEVEL: layout.logLevel,
    STAFF_TOKEN_HASHES: hashToken(layout.secrets.staffToken),
    STAFF_LOCAL_ACCOUNTS: process.env.STAFF_LOCAL_ACCOUNTS ?? `dpo:dpo:${hashSync(layout.secrets.dpoPassword, 10)}`,
    ...passThrough([
      'API_DOCS',
      'STAFF_TRUSTED_ORIGINS',
      'STAFF_OIDC_ISSUER',
      'STAFF_OIDC_AUDIENCE',
      'STAFF_OIDC_JWKS_URI',
      'STAFF_OIDC_ROLES_CLAIM',
      'STAFF_OIDC_CONTROLLERS_CLAIM',
    ]),
  };
  const storage = { ...blobStorageEnvironment(layout), STORAGE_MASTER_KEY: layout.secrets.storageMasterKey };
  const subjectSecrets = { SUBJECT_SECRET_KEY: layout.secrets.subjectSecretKey };
  switch (service) {
    case 'intake':
      return {
        ...common,
        ...storage,
        OPENDSR_PROCESSOR_DOMAIN: layout.host,
        OPENDSR_PRIVATE_KEY_FILE: layout.openDsrKeyFile,
        OPENDSR_CERTIFICATE_URL: `https://${layout.host}/opendsr/certificate.pem`,
        OPENDSR_CONTROLLER_TOKENS: `demo:${hashToken(layout.secrets.openDsrControllerToken)}`,
        OPENDSR_ALLOW_HTTP_CALLBACKS: 'true',
        // The local run's integrators call back to this machine; deployments leave both off.
        OPENDSR_ALLOW_PRIVATE_CALLBACKS: 'true',
        ...passThrough(['RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 'RATE_LIMIT_PER_IDENTITY_PER_HOUR', 'PROFILES_DIR', 'CONTROLLER_ID']),
      };
    case 'identity':
      return {
        ...common,
        ...storage,
        ...subjectSecrets,
        IDENTITY_CODE_SECRET: layout.secrets.identityCodeSecret,
        PUBLIC_BASE_URL: urlOf(layout, 'identity'),
        ...passThrough(['PROFILES_DIR', 'INTERNAL_API_KEYS']),
      };
    case 'fulfilment':
      // Each request's systems come from its controller profile's systemsMap.
      return {
        ...common,
        ...storage,
        ...subjectSecrets,
        PUBLIC_BASE_URL: urlOf(layout, 'fulfilment'),
        ...passThrough(['PROFILES_DIR', 'COLLECTION_TIMEOUT_SECONDS', 'DEADLINE_MARGIN_DAYS', 'SWEEP_INTERVAL_MS']),
      };
    case 'collector-postgres':
      return { ...common, ...storage, SOURCE_DATABASE_URL: layout.demoDatabaseUrl };
    case 'collector-manual':
      return { ...common, ...storage, ...passThrough(['PROFILES_DIR', 'MANUAL_SYSTEMS']) };
    case 'notification':
      return {
        ...common,
        ...subjectSecrets,
        STAFF_CONSOLE_URL: urlOf(layout, 'backoffice'),
        ...passThrough([
          'PROFILES_DIR',
          'MAIL_FROM',
          'MAIL_TEMPLATES_DIR',
          'NOTIFY_DEADLINE_REMINDER_DAYS',
          'NOTIFY_DIGEST_HOUR',
          'NOTIFY_SCHEDULER_INTERVAL_MS',
          'MAIL_MAX_ATTEMPTS',
          'MAIL_SEND_LEASE_SECONDS',
          'MAIL_IN_DOUBT_POLICY',
        ]),
      };
    default:
      return common;
  }
}

function blobStorageEnvironment({ s3, storageDir }: PlatformLayout): Record<string, string> {
  if (!s3) return { STORAGE_BACKEND: 'file', STORAGE_DIR: storageDir };
  return {
    STORAGE_BACKEND: 's3',
    ...(s3.endpoint ? { S3_ENDPOINT: s3.endpoint } : {}),
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
}
