import { Inject, Injectable } from '@nestjs/common';
import { hashToken } from '@dsar/auth';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { DsarEventHandler, HandlesEvents, PLATFORM_LOGGER } from '@dsar/platform';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, DownloadEntity, FulfilmentEntity } from './fulfilment.entity';
import { PackageAssembler } from './package-assembler';

/**
 * Records each system's result; when the last one is in, assembles the package,
 * opens a download and announces it, all in the transaction of the last result.
 */
@Injectable()
@HandlesEvents(EventTypes.CollectionResultReported)
export class CollectionResultHandler implements DsarEventHandler {
  constructor(
    private readonly outbox: Outbox,
    private readonly assembler: PackageAssembler,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.CollectionResultReported>;
    const fulfilment = await manager.findOne(FulfilmentEntity, {
      where: { requestId: data.requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!fulfilment) throw new Error('collection result for an unknown request');
    await manager.update(
      CollectionTaskEntity,
      { id: data.taskId, requestId: data.requestId },
      { status: data.outcome, exportKey: data.export?.key ?? null, recordCount: data.recordCount },
    );
    const tasks = await manager.find(CollectionTaskEntity, { where: { requestId: data.requestId } });
    if (fulfilment.status !== 'collecting' || tasks.some((t) => t.status === 'requested')) return;

    const now = new Date();
    const stored = await this.assembler.assemble(data.requestId, tasks, now);
    this.log.info({ requestId: data.requestId, size: stored.size }, 'package stored');
    if (this.config.FAULT_INJECTION_PACKAGE_DELAY_MS > 0) {
      this.log.warn({ requestId: data.requestId }, 'fault injection: pausing before commit');
      await sleep(this.config.FAULT_INJECTION_PACKAGE_DELAY_MS);
    }

    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.DOWNLOAD_TTL_HOURS * 3_600_000);
    await manager.insert(DownloadEntity, {
      tokenHash: hashToken(token),
      requestId: data.requestId,
      expiresAt,
      count: 0,
      maxCount: this.config.DOWNLOAD_MAX_COUNT,
    });
    await manager.update(
      FulfilmentEntity,
      { requestId: data.requestId },
      { status: 'completed', packageKey: stored.key, packageSha256: stored.sha256, packageSize: String(stored.size) },
    );
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.FulfilmentPackageReady,
        source: 'dsar/fulfilment',
        subject: data.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: {
          requestId: data.requestId,
          package: { key: stored.key, sha256: stored.sha256, size: stored.size },
          downloadUrl: `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/v1/downloads/${token}`,
          expiresAt: expiresAt.toISOString(),
          recipient: fulfilment.email,
          language: fulfilment.language,
        },
      }),
    );
  }
}
