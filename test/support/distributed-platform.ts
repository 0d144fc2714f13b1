import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DistributedPlatform,
  loadOrCreateSecrets,
  REPO_ROOT,
  PlatformLayout,
  SERVICES,
  ServiceName,
  writeOpenDsrSigningKey,
} from '@dsar/launcher';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TestS3 } from '@dsar/testing';

export type ServiceEnv = Partial<Record<ServiceName, Record<string, string>>>;

/** The same extra settings for every service, each its own copy (so one service's can be changed alone). */
export function envForEveryService(env: Record<string, string>): ServiceEnv {
  const perService: ServiceEnv = {};
  for (const service of SERVICES) perService[service] = { ...env };
  return perService;
}

/** Compiles every service to `dist/` (`npm run build`), as a production deployment runs them. */
export function buildServices(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

/**
 * Starts every service as its own process, from the compiled JavaScript of `npm run build`, on Kafka, with its secrets, storage and logs in
 * `workDir`. `extraEnv` is read again whenever a service is (re)started.
 */
export async function startDistributedPlatform(options: {
  workDir: string;
  basePort: number;
  databaseUrl: string;
  demoDatabaseUrl: string;
  logLevel: PlatformLayout['logLevel'];
  kafkaBrokers: string;
  kafkaTopicPrefix: string;
  smtpUrl: string;
  extraEnv: ServiceEnv;
  /** The bucket the blobs go to (on the S3Proxy of the test run); unset: a folder in workDir. */
  s3?: TestS3;
  /** Node arguments that start a service instead of its built main, read at each (re)start. */
  entryOf?: Partial<Record<ServiceName, string[]>>;
}): Promise<DistributedPlatform> {
  const { workDir } = options;
  buildServices();
  const secrets = loadOrCreateSecrets(join(workDir, 'secrets.json'));
  const layout: PlatformLayout = {
    basePort: options.basePort,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    demoDatabaseUrl: options.demoDatabaseUrl,
    storageDir: join(workDir, 'storage'),
    ...(options.s3 ? { s3: { ...options.s3, region: 'us-east-1' } } : {}),
    secrets,
    openDsrKeyFile: writeOpenDsrSigningKey(workDir, secrets),
    logLevel: options.logLevel,
  };
  return DistributedPlatform.start({
    layout,
    logDir: join(workDir, 'logs'),
    kafkaBrokers: options.kafkaBrokers,
    kafkaTopicPrefix: options.kafkaTopicPrefix,
    smtpUrl: options.smtpUrl,
    extraEnv: options.extraEnv,
    code: 'built',
    entryOf: options.entryOf,
  });
}

/** The keys of the objects under a prefix of a test bucket. */
export async function bucketKeys(s3: TestS3, prefix: string): Promise<string[]> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  try {
    const { Contents } = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    return (Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
  } finally {
    client.destroy();
  }
}
