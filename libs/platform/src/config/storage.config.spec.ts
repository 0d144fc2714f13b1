import { EncryptedFileBlobStore, S3BlobStore } from '@dsar/storage';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, loadConfig } from './load-config';
import { createBlobStore, ServiceWithStorageConfig } from './storage.config';

const base = {
  DATABASE_URL: 'postgres://dsar@127.0.0.1:5432/dsar',
  EVENT_TRANSPORT: 'postgres',
  STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
};
const load = (env: Record<string, string>) => loadConfig('fulfilment', ServiceWithStorageConfig, { ...base, ...env });

describe('blob storage settings', () => {
  it('keeps blobs in a folder by default, which it then requires', () => {
    expect(createBlobStore(load({ STORAGE_DIR: '/var/lib/dsar/blobs' }))).toBeInstanceOf(EncryptedFileBlobStore);
    expect(() => load({})).toThrow(/STORAGE_DIR/);
  });

  it('keeps blobs in an S3-compatible bucket when asked, with no folder at all', () => {
    const config = load({
      STORAGE_BACKEND: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'dsar-blobs',
      S3_ACCESS_KEY_ID: 'dsar',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'false',
    });
    expect(config).toMatchObject({ STORAGE_BACKEND: 's3', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false });
    const store = createBlobStore(config);
    expect(store).toBeInstanceOf(S3BlobStore);
    (store as S3BlobStore).destroy();
  });

  it('refuses to start on S3 without a bucket and credentials, naming each, never echoing a value', () => {
    let error: unknown;
    try {
      load({ STORAGE_BACKEND: 's3', S3_BUCKET: 'Not_A_Bucket', S3_ENDPOINT: 'minio:9000' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    for (const name of ['S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) expect(problems).toContain(name);
    expect(problems).not.toContain('Not_A_Bucket');
    expect(() => load({ STORAGE_BACKEND: 'ftp', STORAGE_DIR: '/tmp' })).toThrow(/STORAGE_BACKEND/);
  });
});
