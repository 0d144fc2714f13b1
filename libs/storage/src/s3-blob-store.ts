import {
  AbortMultipartUploadCommand,
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  NotFound,
  S3Client,
  S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidBlobKey, BlobStore, StoredBlob } from './blob-store';
import { assertMasterKey, BLOB_HEADER_LENGTH, BLOB_TAG_LENGTH, measurePlaintext, openBlob, sealBlob } from './blob-envelope';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Absent: AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (`endpoint/bucket/key`), which S3-compatible servers such as MinIO and S3Proxy expect. */
  forcePathStyle: boolean;
  /** Size of each part of a streamed multipart upload (S3's minimum is 5 MiB). */
  partSizeBytes?: number;
}

/**
 * Encrypted blobs in an S3-compatible bucket, for deployments on several machines: the same
 * envelope format as the file store (blob-envelope), written by streamed multipart uploads
 * that are aborted when the source fails, so nothing half-written is ever referenced.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(
    private readonly options: S3BlobStoreOptions,
    private readonly masterKey: Buffer,
  ) {
    assertMasterKey(masterKey);
    const config: S3ClientConfig = {
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // S3-compatible servers do not all implement the SDK's default CRC32 checksums; GCM's tag and the plaintext SHA-256 cover integrity.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
    this.client = new S3Client(config);
  }

  get bucket(): string {
    return this.options.bucket;
  }

  /** Creates the bucket when it does not exist yet (a deployment may also create it beforehand). */
  async prepare(): Promise<void> {
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      if (!(error instanceof BucketAlreadyOwnedByYou || error instanceof BucketAlreadyExists)) throw error;
    }
  }

  async put(key: string, content: Readable): Promise<StoredBlob> {
    assertValidBlobKey(key);
    const { header, cipher } = sealBlob(this.masterKey);
    const measure = measurePlaintext(key);
    const body = new PassThrough();
    body.write(header);
    const sealed = pipeline(content, measure.transform, cipher, body, { end: false }).then(
      () => body.end(cipher.getAuthTag()),
      (error: Error) => {
        body.destroy(error);
        throw error;
      },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
      partSize: this.options.partSizeBytes,
      leavePartsOnError: false,
    });
    await Promise.all([sealed, upload.done()]);
    return measure.stored();
  }

  async get(key: string): Promise<Readable> {
    assertValidBlobKey(key);
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
    const size = head.ContentLength ?? 0;
    if (size < BLOB_HEADER_LENGTH + BLOB_TAG_LENGTH) throw new Error('blob is truncated');
    const header = await this.range(key, 0, BLOB_HEADER_LENGTH - 1);
    const tag = await this.range(key, size - BLOB_TAG_LENGTH, size - 1);
    const decipher = openBlob(this.masterKey, header, tag);
    const output = new PassThrough();
    const ciphertext = await this.rangeStream(key, BLOB_HEADER_LENGTH, size - BLOB_TAG_LENGTH - 1);
    pipeline(ciphertext, decipher, output).catch((error) => output.destroy(error));
    return output;
  }

  async exists(key: string): Promise<boolean> {
    assertValidBlobKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidBlobKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  /** Aborts multipart uploads started before `startedBefore` that a crash left open (their parts cost storage). */
  async sweepInterrupted(startedBefore: Date): Promise<number> {
    let swept = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.options.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= startedBefore) continue;
        await this.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.options.bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        swept += 1;
      }
      if (!page.IsTruncated) return swept;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  destroy(): void {
    this.client.destroy();
  }

  private async rangeStream(key: string, first: number, last: number): Promise<Readable> {
    if (last < first) return Readable.from([]);
    const { Body } = await this.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: `bytes=${first}-${last}` }),
    );
    if (!(Body instanceof Readable)) throw new Error('the S3 client returned no stream');
    return Body;
  }

  private async range(key: string, first: number, last: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.rangeStream(key, first, last)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
}
