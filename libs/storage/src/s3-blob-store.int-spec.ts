import { CreateMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { testS3, TestS3 } from '@dsar/testing';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describeBlobStoreContract } from './blob-store.contract';
import { S3BlobStore } from './s3-blob-store';

const open = (s3: TestS3, masterKey: Buffer, partSizeBytes?: number) =>
  new S3BlobStore(
    {
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      partSizeBytes,
    },
    masterKey,
  );

const rawClient = (s3: TestS3) =>
  new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

describeBlobStoreContract('S3BlobStore on S3Proxy', async () => {
  const s3 = testS3('contract');
  // 5 MiB parts: the 12 MiB blob of the contract goes up as a real multipart upload.
  return { store: open(s3, randomBytes(32), 5 * 1024 * 1024), withOtherMasterKey: () => open(s3, randomBytes(32)) };
});

describe('S3BlobStore on S3Proxy', () => {
  const s3 = testS3('s3-store');
  const store = open(s3, randomBytes(32));
  const client = rawClient(s3);
  beforeAll(() => store.prepare());
  afterAll(() => {
    store.destroy();
    client.destroy();
  });

  it('never sends the plaintext: the object holds only the encrypted envelope', async () => {
    await store.put('exports/r1/crm.json', Readable.from(['ada@example.org, Lovelace']));
    const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'exports/r1/crm.json' }));
    const raw = Buffer.from(await object.Body!.transformToByteArray());
    expect(raw.subarray(0, 9).toString()).toBe('DSARBLOB1');
    expect(raw.includes(Buffer.from('ada@example.org'))).toBe(false);
  });

  it('aborts the multipart uploads a crash left open, once they are old enough, and only those', async () => {
    await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: 'packages/r2/reply.zip' }));
    const open = async () => (await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket }))).Uploads ?? [];
    expect(await open()).toHaveLength(1);
    expect(await store.sweepInterrupted(new Date(Date.now() - 3_600_000))).toBe(0);
    expect(await open()).toHaveLength(1);
    expect(await store.sweepInterrupted(new Date(Date.now() + 60_000))).toBe(1);
    expect(await open()).toHaveLength(0);
  });

  it('answers "absent" for a missing blob and fails to read it', async () => {
    expect(await store.exists('nowhere/blob.json')).toBe(false);
    await expect(store.get('nowhere/blob.json')).rejects.toThrow();
  });
});
