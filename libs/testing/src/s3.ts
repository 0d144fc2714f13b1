import { randomBytes } from 'node:crypto';

export interface TestS3 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A bucket name no other test uses. */
  bucket: string;
}

/** The S3 API server the Jest global setup started (S3Proxy), with a fresh bucket name. */
export function testS3(label: string): TestS3 {
  const {
    DSAR_TEST_S3_ENDPOINT: endpoint,
    DSAR_TEST_S3_ACCESS_KEY_ID: accessKeyId,
    DSAR_TEST_S3_SECRET_ACCESS_KEY: secretAccessKey,
  } = process.env;
  if (!endpoint || !accessKeyId || !secretAccessKey)
    throw new Error('DSAR_TEST_S3_* is not set: the Jest global setup starts S3Proxy for integration tests');
  const bucket = `${label}-${randomBytes(4).toString('hex')}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63);
  return { endpoint, accessKeyId, secretAccessKey, bucket };
}
