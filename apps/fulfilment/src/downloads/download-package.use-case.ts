import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken } from '@dsar/auth';
import { BLOB_STORE, ProblemException } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { DownloadEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';

export interface PackageDownload {
  requestId: string;
  size: number;
  sha256: string;
  content: Readable;
}

/** Opens a package by its download token: counted, limited, expiring. */
@Injectable()
export class DownloadPackageUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async execute(token: string, now = new Date()): Promise<PackageDownload> {
    const tokenHash = hashToken(token);
    const { fulfilment } = await this.dataSource.transaction(async (manager) => {
      const download = await manager.findOne(DownloadEntity, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!download) throw new ProblemException(HttpStatus.NOT_FOUND, 'download-not-found', 'This download link is not valid.');
      if (download.expiresAt <= now) throw new ProblemException(HttpStatus.GONE, 'download-expired', 'This download link has expired.');
      if (download.count >= download.maxCount) {
        throw new ProblemException(HttpStatus.GONE, 'download-limit-reached', 'This package was downloaded the maximum number of times.');
      }
      await manager.update(DownloadEntity, { tokenHash }, { count: download.count + 1 });
      return { fulfilment: await manager.findOneByOrFail(FulfilmentEntity, { requestId: download.requestId }) };
    });
    if (!fulfilment.packageKey || !fulfilment.packageSha256) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'download-not-found', 'This download link is not valid.');
    }
    return {
      requestId: fulfilment.requestId,
      size: Number(fulfilment.packageSize),
      sha256: fulfilment.packageSha256,
      content: await this.blobs.get(fulfilment.packageKey),
    };
  }
}
