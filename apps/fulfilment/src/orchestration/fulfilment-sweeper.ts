import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditActor } from '@dsar/domain';
import { BLOB_STORE, PLATFORM_LOGGER } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { FulfilmentAudit } from '../audit/fulfilment-audit';
import { packageKeyOf } from '../delivery/package-assembler';
import { PortabilityTransmitter } from '../delivery/portability-transmitter';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, DownloadLogEntity, FulfilmentEntity } from '../fulfilments/fulfilment.entity';
import { FulfilmentProgress } from './fulfilment-progress';

const SYSTEM: AuditActor = { kind: 'system', id: 'fulfilment-sweeper' };

export interface SweepCounts {
  timedOut: number;
  atRisk: number;
  /** Portable packages sent, or tried, to another controller. */
  transmissions: number;
  shredded: number;
}

/**
 * What the clock decides, driven from the database so that any replica may run it (rows are
 * claimed with SKIP LOCKED): tasks silent past their timeout go to the DPO, requests whose due
 * date comes within the margin are put to the DPO while an extension can still be decided,
 * portable packages go to the controller the subject named, and delivered packages past their retention are destroyed by shredding their request key.
 */
@Injectable()
export class FulfilmentSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly progress: FulfilmentProgress,
    private readonly audit: FulfilmentAudit,
    private readonly transmitter: PortabilityTransmitter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep(new Date())
        .catch((error: Error) => this.log.error({ err: error.message }, 'fulfilment sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.config.SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(now: Date): Promise<SweepCounts> {
    return {
      timedOut: await this.collectionTimeouts(now),
      atRisk: await this.deadlinesAtRisk(now),
      transmissions: await this.transmitter.transmitDue(now),
      shredded: await this.destroyExpiredPackages(now),
    };
  }

  async collectionTimeouts(now: Date): Promise<number> {
    let count = 0;
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const fulfilment = await this.claim(
          manager,
          `status = 'collecting' AND EXISTS (SELECT 1 FROM fulfilment.collection_tasks t
             WHERE t.request_id = f.request_id AND t.status = 'requested' AND t.respond_by <= $1)`,
          [now],
        );
        if (!fulfilment) return false;
        const silent = await manager
          .createQueryBuilder(CollectionTaskEntity, 't')
          .update()
          .set({ status: 'pending' })
          .where(`request_id = :id AND status = 'requested' AND respond_by <= :now`, { id: fulfilment.requestId, now })
          .returning(['system_id'])
          .execute();
        await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { timeoutAlertedAt: now });
        this.log.warn({ requestId: fulfilment.requestId, systems: silent.affected }, 'collection timed out');
        await this.progress.advance(manager, fulfilment, now);
        return true;
      });
      if (!handled) return count;
      count++;
    }
  }

  async deadlinesAtRisk(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + this.config.DEADLINE_MARGIN_DAYS * 86_400_000);
    let count = 0;
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const fulfilment = await this.claim(
          manager,
          `status IN ('collecting', 'awaiting-review') AND deadline_alerted_at IS NULL AND due_at <= $1`,
          [horizon],
        );
        if (!fulfilment) return false;
        await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { deadlineAlertedAt: now });
        await this.audit.record(manager, fulfilment.requestId, SYSTEM, 'deadline-at-risk', now, {
          details: { dueAt: fulfilment.dueAt?.toISOString() },
        });
        await this.progress.attention(manager, fulfilment, 'deadline-at-risk', now, []);
        return true;
      });
      if (!handled) return count;
      count++;
    }
  }

  /**
   * Crypto-shredding: the request key goes, so every copy of every package of the request is
   * unreadable; the package blobs and the collectors' exports go too.
   */
  async destroyExpiredPackages(now: Date): Promise<number> {
    let count = 0;
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const fulfilment = await this.claim(manager, `shredded_at IS NULL AND destroy_after <= $1`, [now]);
        if (!fulfilment) return false;
        await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { wrappedKey: null, shreddedAt: now });
        await manager.insert(DownloadLogEntity, { requestId: fulfilment.requestId, at: now, outcome: 'shredded' });
        await this.audit.record(manager, fulfilment.requestId, SYSTEM, 'package-destroyed', now, {
          details: { versions: fulfilment.packageVersion },
        });
        for (let version = 1; version <= fulfilment.packageVersion; version++) {
          await this.blobs.delete(packageKeyOf(fulfilment.requestId, version));
        }
        // The collectors' exports the packages were built from go too: nothing of the reply outlives it.
        const tasks = await manager.find(CollectionTaskEntity, { where: { requestId: fulfilment.requestId } });
        for (const task of tasks) if (task.exportKey) await this.blobs.delete(task.exportKey);
        await manager.update(CollectionTaskEntity, { requestId: fulfilment.requestId }, { exportKey: null });
        return true;
      });
      if (!handled) return count;
      count++;
    }
  }

  private async claim(manager: EntityManager, condition: string, parameters: unknown[]): Promise<FulfilmentEntity | null> {
    const [row] = (await manager.query(
      `SELECT request_id FROM fulfilment.fulfilments f WHERE ${condition} ORDER BY request_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      parameters,
    )) as { request_id: string }[];
    return row ? manager.findOneByOrFail(FulfilmentEntity, { requestId: row.request_id }) : null;
  }
}
