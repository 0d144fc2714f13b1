import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Matches, MinLength, ValidateIf } from 'class-validator';
import { BlobStore, EncryptedFileBlobStore, S3BlobStore } from '@dsar/storage';
import { ServiceConfig, ToBoolean } from './service.config';

export const STORAGE_BACKENDS = ['file', 's3'] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];

const usesFiles = (config: ServiceWithStorageConfig) => config.STORAGE_BACKEND === 'file';
const usesS3 = (config: ServiceWithStorageConfig) => config.STORAGE_BACKEND === 's3';

/**
 * Settings of a service that reads or writes the shared encrypted blob store: a local folder
 * (embedded mode, one machine), or an S3-compatible bucket (several machines).
 */
export class ServiceWithStorageConfig extends ServiceConfig {
  @IsIn(STORAGE_BACKENDS)
  STORAGE_BACKEND: StorageBackend = 'file';

  @ValidateIf(usesFiles)
  @IsString()
  @MinLength(1)
  STORAGE_DIR: string = '';

  /** 32 random bytes, base64: the key that wraps every blob's data key. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'STORAGE_MASTER_KEY must be 32 bytes encoded in base64' })
  STORAGE_MASTER_KEY: string = '';

  @ValidateIf(usesS3)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)',
  })
  S3_BUCKET: string = '';

  /** An S3-compatible server (MinIO, S3Proxy…); unset: AWS S3 itself. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT: string | undefined = undefined;

  @IsString()
  @MinLength(1)
  S3_REGION: string = 'us-east-1';

  @ValidateIf(usesS3)
  @IsString()
  @MinLength(1)
  S3_ACCESS_KEY_ID: string = '';

  @ValidateIf(usesS3)
  @IsString()
  @MinLength(1)
  S3_SECRET_ACCESS_KEY: string = '';

  /** Path-style addressing, which MinIO and S3Proxy expect. */
  @ToBoolean()
  @IsBoolean()
  S3_FORCE_PATH_STYLE: boolean = true;
}

/** The injection token of a service's encrypted blob store. */
export const BLOB_STORE = Symbol('dsar:blob-store');

export function createBlobStore(config: ServiceWithStorageConfig): BlobStore {
  const masterKey = Buffer.from(config.STORAGE_MASTER_KEY, 'base64');
  if (config.STORAGE_BACKEND === 'file') return new EncryptedFileBlobStore(config.STORAGE_DIR, masterKey);
  return new S3BlobStore(
    {
      bucket: config.S3_BUCKET,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    },
    masterKey,
  );
}
