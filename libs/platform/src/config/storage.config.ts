import { IsString, Matches, MinLength } from 'class-validator';
import { EncryptedFileBlobStore } from '@dsar/storage';
import { ServiceConfig } from './service.config';

/** Settings of a service that reads or writes the shared encrypted blob store. */
export class ServiceWithStorageConfig extends ServiceConfig {
  @IsString()
  @MinLength(1)
  STORAGE_DIR: string = '';

  /** 32 random bytes, base64: the key that wraps every blob's data key. */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'STORAGE_MASTER_KEY must be 32 bytes encoded in base64' })
  STORAGE_MASTER_KEY: string = '';
}

/** The injection token of a service's encrypted blob store. */
export const BLOB_STORE = Symbol('dsar:blob-store');

export function createBlobStore(config: ServiceWithStorageConfig): EncryptedFileBlobStore {
  return new EncryptedFileBlobStore(config.STORAGE_DIR, Buffer.from(config.STORAGE_MASTER_KEY, 'base64'));
}
