import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BLOB_STORE, PLATFORM_LOGGER } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Logger } from 'pino';
import { DataSource, In, IsNull, LessThanOrEqual } from 'typeorm';
import { DocumentEntity } from '../documents/document.entity';
import { IdentityConfig } from '../identity.config';
import { VerificationEntity } from '../verifications/verification.entity';
import { VerificationProgress } from '../verifications/verification-progress';

/**
 * Two jobs driven by the database, so a restart loses nothing: verifications the requester did
 * not complete in time fail as expired, and document copies past their destruction date are
 * destroyed (the blob, then the row marked; the decision stays). `now` is a parameter so tests
 * move the clock.
 */
@Injectable()
export class VerificationSweeps implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly progress: VerificationProgress,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: Error) => this.log.error({ err: { message: error.message } }, 'identity sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.config.SWEEP_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(now = new Date()): Promise<{ expired: number; destroyed: number }> {
    return { expired: await this.expire(now), destroyed: await this.destroyDocuments(now) };
  }

  async expire(now = new Date()): Promise<number> {
    const due = await this.dataSource.manager.find(VerificationEntity, {
      select: { id: true },
      where: { status: In(['pending', 'information-requested']), expiresAt: LessThanOrEqual(now) },
      take: 100,
    });
    let expired = 0;
    for (const { id } of due) {
      await this.dataSource.transaction(async (manager) => {
        const verification = await manager.findOne(VerificationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!verification || !['pending', 'information-requested'].includes(verification.status) || verification.expiresAt > now) return;
        await this.progress.fail(manager, verification, 'expired', 'identity', now);
        expired += 1;
      });
    }
    return expired;
  }

  async destroyDocuments(now = new Date()): Promise<number> {
    const due = await this.dataSource.manager.find(DocumentEntity, {
      select: { id: true },
      where: { destroyedAt: IsNull(), destroyAfter: LessThanOrEqual(now) },
      take: 100,
    });
    let destroyed = 0;
    for (const { id } of due) {
      await this.dataSource.transaction(async (manager) => {
        // Another replica's sweep may hold it: skip, it is being destroyed.
        const document = await manager.findOne(DocumentEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        });
        if (!document || document.destroyedAt || !document.destroyAfter || document.destroyAfter > now) return;
        // The blob goes first: should the commit fail, the next run deletes again (a no-op) and marks it.
        await this.blobs.delete(document.blobKey);
        await manager.update(DocumentEntity, { id }, { destroyedAt: now });
        const verification = await manager.findOneByOrFail(VerificationEntity, { id: document.verificationId });
        await this.progress.log(manager, verification, 'identity', 'document-destroyed', { documentId: id }, now);
        destroyed += 1;
      });
    }
    return destroyed;
  }
}
