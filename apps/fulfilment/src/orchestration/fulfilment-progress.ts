import { Inject, Injectable } from '@nestjs/common';
import { hashToken, sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { createEvent, DsarEvent, EventType, EventTypes, FulfilmentAttentionRequiredData } from '@dsar/contracts';
import { applyFulfilmentCommand, AuditActor, ControllerProfile, localize } from '@dsar/domain';
import { Outbox } from '@dsar/messaging';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { randomBytes } from 'node:crypto';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { FulfilmentAudit } from '../audit/fulfilment-audit';
import { PackageAssembler, REQUEST_KEY_CIPHER } from '../delivery/package-assembler';
import { FulfilmentConfig } from '../fulfilment.config';
import { CollectionTaskEntity, DownloadEntity, FulfilmentEntity, Transmission } from '../fulfilments/fulfilment.entity';
import { Redaction } from '../packages/package-writer';
import { RequestKeyCipher } from '../packages/request-key-cipher';
import { ControllerProfiles } from '../profiles/controller-profiles';
import { fulfilmentStateOf, moveFulfilment } from './fulfilment-state';
import { PackageCheckpoint } from './package-checkpoint';

export const FULFILMENT_SOURCE = 'dsar/fulfilment';
const SERVICE: AuditActor = { kind: 'service', id: 'fulfilment' };
const ART_19_ACTIONS: Partial<Record<string, 'erasure' | 'rectification' | 'restriction'>> = {
  erasure: 'erasure',
  rectification: 'rectification',
  restriction: 'restriction',
};

export interface DeliveryLink {
  token: string;
  expiresAt: Date;
  maxCount: number;
}

/**
 * Moves a fulfilment on once its systems have answered: to the DPO when the profile wants a
 * review or something is missing, else the reply is built, stored encrypted with the request
 * key and reported ready to intake, which owns the request's lifecycle. Only once intake has
 * completed the request is the reply handed over: the Art. 19 recipients told, a download link
 * opened and announced. When intake cancels or rejects the request, the fulfilment stops.
 */
@Injectable()
export class FulfilmentProgress {
  constructor(
    private readonly outbox: Outbox,
    private readonly assembler: PackageAssembler,
    private readonly profiles: ControllerProfiles,
    private readonly audit: FulfilmentAudit,
    private readonly checkpoint: PackageCheckpoint,
    @Inject(REQUEST_KEY_CIPHER) private readonly cipher: RequestKeyCipher,
    private readonly sealer: SubjectSecretSealer,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async advance(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    if (fulfilment.status !== 'collecting') return;
    const tasks = await manager.find(CollectionTaskEntity, { where: { requestId: fulfilment.requestId } });
    if (tasks.some((task) => task.status === 'requested')) return;
    const silent = tasks.filter((task) => task.status === 'pending').map((task) => task.systemId);
    const failed = tasks.filter((task) => task.status === 'failed').map((task) => task.systemId);
    if (!fulfilment.reviewRequired && silent.length === 0 && failed.length === 0) {
      await this.deliver(manager, fulfilment, now, [], correlationId);
      return;
    }
    await moveFulfilment(manager, fulfilment, { kind: 'submit-for-review' });
    const reason = silent.length ? 'collection-timeout' : failed.length ? 'collector-failed' : 'review-required';
    await this.audit.record(manager, fulfilment.requestId, SERVICE, 'submitted-for-review', now, {
      reason,
      details: { silentSystems: silent, failedSystems: failed },
    });
    await this.attention(manager, fulfilment, reason, now, [...silent, ...failed], correlationId);
  }

  /**
   * Builds and stores the reply, in the transaction that decided it. A first reply is reported
   * ready to intake and waits for the request to be completed; a new version of a reply already
   * handed over (a late result) goes out at once.
   */
  async deliver(
    manager: EntityManager,
    fulfilment: FulfilmentEntity,
    now: Date,
    redactions: Redaction[],
    correlationId?: string,
  ): Promise<void> {
    const handedOver = fulfilment.status === 'completed';
    const next = handedOver ? { kind: 'redeliver' as const } : { kind: 'reply-built' as const };
    applyFulfilmentCommand(fulfilmentStateOf(fulfilment), next);
    const profile = this.profiles.get(fulfilment.controllerId);
    const tasks = await manager.find(CollectionTaskEntity, { where: { requestId: fulfilment.requestId } });
    if (fulfilment.recipientsInformed === null && ART_19_ACTIONS[fulfilment.requestType]) {
      fulfilment.recipientsInformed = this.art19Recipients(fulfilment, profile, tasks).map((r) => r.displayName);
    }
    fulfilment.wrappedKey ??= this.cipher.newWrappedKey();
    const version = fulfilment.packageVersion + 1;
    const stored = await this.assembler.store(this.assembler.describe(fulfilment, tasks, now, redactions), fulfilment.wrappedKey, version);
    this.log.info({ requestId: fulfilment.requestId, size: stored.size, version }, 'package stored');
    await this.checkpoint.stored(fulfilment.requestId);
    Object.assign(fulfilment, {
      packageKey: stored.key,
      packageSha256: stored.sha256,
      packageSize: String(stored.size),
      packageVersion: version,
    });
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      {
        packageKey: fulfilment.packageKey,
        packageSha256: fulfilment.packageSha256,
        packageSize: fulfilment.packageSize,
        packageVersion: version,
        wrappedKey: fulfilment.wrappedKey,
        recipientsInformed: fulfilment.recipientsInformed,
      },
    );
    await this.audit.record(manager, fulfilment.requestId, SERVICE, 'package-stored', now, {
      details: { version, sha256: stored.sha256, size: stored.size, partial: stored.manifest.partial, redactions: redactions.length },
    });
    if (handedOver) {
      await this.announce(manager, fulfilment, now, correlationId);
      return;
    }
    await moveFulfilment(manager, fulfilment, next);
    await this.reportReady(manager, fulfilment, now, correlationId);
  }

  /** Tells intake the reply is ready, so that it completes the request. */
  async reportReady(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    await this.emit(manager, fulfilment, EventTypes.FulfilmentReplyReady, correlationId, {
      requestId: fulfilment.requestId,
      packageVersion: fulfilment.packageVersion,
      readyAt: now.toISOString(),
    });
  }

  /**
   * The request is completed: the reply goes to the requester. The Art. 19 recipients are told,
   * a portable package is queued for the controller the subject named, and the download opens.
   */
  async handOver(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    await moveFulfilment(manager, fulfilment, { kind: 'deliver' });
    if (ART_19_ACTIONS[fulfilment.requestType]) {
      const profile = this.profiles.get(fulfilment.controllerId);
      const tasks = await manager.find(CollectionTaskEntity, { where: { requestId: fulfilment.requestId } });
      await this.informRecipients(manager, fulfilment, profile, tasks, now, correlationId);
    }
    fulfilment.transmission ??= this.transmissionRequested(fulfilment, now);
    await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { transmission: fulfilment.transmission });
    await this.announce(manager, fulfilment, now, correlationId);
  }

  /**
   * Intake cancelled or rejected the request: tasks still out are cancelled, nothing is delivered
   * or announced, and a reply already built is destroyed by the next sweep.
   */
  async stop(
    manager: EntityManager,
    fulfilment: FulfilmentEntity,
    outcome: 'cancelled' | 'rejected',
    now: Date,
    actor: AuditActor,
  ): Promise<void> {
    await moveFulfilment(manager, fulfilment, { kind: 'stop', outcome });
    const cancelled = await manager
      .createQueryBuilder()
      .update(CollectionTaskEntity)
      .set({ status: 'cancelled' })
      .where(`request_id = :id AND status IN ('requested', 'pending')`, { id: fulfilment.requestId })
      .execute();
    if (fulfilment.packageVersion > 0) {
      await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { destroyAfter: now });
    }
    await this.audit.record(manager, fulfilment.requestId, actor, 'fulfilment-stopped', now, {
      reason: outcome,
      details: { tasksCancelled: cancelled.affected ?? 0 },
    });
  }

  /** Opens a download link on the latest package version and announces it. */
  private async announce(manager: EntityManager, fulfilment: FulfilmentEntity, now: Date, correlationId?: string): Promise<void> {
    const profile = this.profiles.get(fulfilment.controllerId);
    const delivery = profile.fulfilment?.delivery;
    const ttlMs = delivery ? delivery.downloadTtlDays * 86_400_000 : this.config.DOWNLOAD_TTL_HOURS * 3_600_000;
    const maxCount = delivery?.maxDownloads ?? this.config.DOWNLOAD_MAX_COUNT;
    const retentionDays = delivery?.packageRetentionDays ?? this.config.PACKAGE_RETENTION_DAYS;
    const link = await this.openLink(manager, fulfilment.requestId, fulfilment.packageVersion, now, ttlMs, maxCount);
    fulfilment.deliveredAt = now;
    fulfilment.destroyAfter = new Date(Math.max(now.getTime() + retentionDays * 86_400_000, link.expiresAt.getTime()));
    await manager.update(
      FulfilmentEntity,
      { requestId: fulfilment.requestId },
      { deliveredAt: fulfilment.deliveredAt, destroyAfter: fulfilment.destroyAfter },
    );
    await this.audit.record(manager, fulfilment.requestId, SERVICE, 'package-delivered', now, {
      details: { version: fulfilment.packageVersion, sha256: fulfilment.packageSha256 },
    });
    await this.emit(manager, fulfilment, EventTypes.FulfilmentPackageReady, correlationId, {
      requestId: fulfilment.requestId,
      package: { key: fulfilment.packageKey ?? '', sha256: fulfilment.packageSha256 ?? '', size: Number(fulfilment.packageSize) },
      sealedDownloadUrl: this.sealedDownloadUrl(fulfilment.requestId, link.token),
      expiresAt: link.expiresAt.toISOString(),
      recipient: fulfilment.email ?? fulfilment.subjectEmail ?? '',
      language: fulfilment.language,
      requestType: fulfilment.requestType as never,
      kind: fulfilment.kind,
      ...(fulfilment.postMortem && 'outcome' in fulfilment.postMortem ? { postMortemOutcome: fulfilment.postMortem.outcome } : {}),
    });
  }

  /** Art. 20(2): a portable package the subject asked to have sent straight to another controller. */
  private transmissionRequested(fulfilment: FulfilmentEntity, now: Date): Transmission | null {
    const target = fulfilment.details.transmitTo as { controllerName?: unknown; endpoint?: unknown } | undefined;
    if (fulfilment.kind !== 'portability' || typeof target?.endpoint !== 'string') return null;
    const controllerName = typeof target.controllerName === 'string' ? target.controllerName : '';
    let allowed = false;
    try {
      const { protocol } = new URL(target.endpoint);
      allowed = protocol === 'https:' || (protocol === 'http:' && this.config.PORTABILITY_ALLOW_HTTP);
    } catch {
      allowed = false;
    }
    return {
      controllerName,
      endpoint: target.endpoint,
      status: allowed ? 'pending' : 'failed',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      ...(allowed ? {} : { lastError: 'endpoint-not-allowed' }),
    };
  }

  async openLink(
    manager: EntityManager,
    requestId: string,
    version: number,
    now: Date,
    ttlMs: number,
    maxCount: number,
  ): Promise<DeliveryLink> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ttlMs);
    await manager.insert(DownloadEntity, {
      tokenHash: hashToken(token),
      requestId,
      packageVersion: version,
      expiresAt,
      count: 0,
      maxCount,
      codeHash: null,
      codeExpiresAt: null,
      codeAttempts: 0,
    });
    return { token, expiresAt, maxCount };
  }

  /** The download link, sealed for notification: the event log never holds it in clear. */
  sealedDownloadUrl(requestId: string, token: string): string {
    const url = `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/v1/downloads/${token}`;
    return this.sealer.seal(url, sealingContext(EventTypes.FulfilmentPackageReady, requestId));
  }

  async attention(
    manager: EntityManager,
    fulfilment: FulfilmentEntity,
    reason: FulfilmentAttentionRequiredData['reason'],
    now: Date,
    systemIds: string[],
    correlationId?: string,
    lockedUntil?: Date,
  ): Promise<void> {
    await this.emit(manager, fulfilment, EventTypes.FulfilmentAttentionRequired, correlationId, {
      requestId: fulfilment.requestId,
      reason,
      ...(systemIds.length ? { systemIds } : {}),
      dueAt: (fulfilment.dueAt ?? now).toISOString(),
      raisedAt: now.toISOString(),
      ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}),
    });
  }

  async emit<T extends EventType>(
    manager: EntityManager,
    fulfilment: FulfilmentEntity,
    type: T,
    correlationId: string | undefined,
    data: DsarEvent<T>['data'],
  ): Promise<void> {
    await this.outbox.add(
      manager,
      createEvent({
        type,
        source: FULFILMENT_SOURCE,
        subject: fulfilment.requestId,
        controllerId: fulfilment.controllerId,
        correlationId,
        data,
      }),
    );
  }

  /** GDPR Art. 19: the recipients of the categories the action touched that the register gives an address for. */
  private art19Recipients(fulfilment: FulfilmentEntity, profile: ControllerProfile, tasks: CollectionTaskEntity[]) {
    const touched = new Set<string>();
    for (const task of tasks) {
      if (task.status !== 'completed') continue;
      const counted = task.categories.filter((c) => (c.erased ?? 0) + (c.anonymised ?? 0) + (c.rectified ?? 0) + (c.restricted ?? 0) > 0);
      const categories = task.categories.length ? counted.map((c) => c.category) : (task.dataCategories ?? []);
      categories.forEach((category) => touched.add(category));
    }
    const recipientIds = new Set(
      profile.register.purposes.filter((p) => p.dataCategories.some((c) => touched.has(c))).flatMap((p) => p.recipients),
    );
    const language = profile.languages.includes(fulfilment.language as never) ? fulfilment.language : profile.languages[0];
    return profile.register.recipients
      .filter((r) => recipientIds.has(r.id) && r.kind !== 'authority' && r.contactEmail)
      .map((recipient) => ({ recipient, displayName: localize(recipient.name, language as never, profile) }));
  }

  /** GDPR Art. 19: each recipient of the categories the action touched is told, once the request is completed. */
  private async informRecipients(
    manager: EntityManager,
    fulfilment: FulfilmentEntity,
    profile: ControllerProfile,
    tasks: CollectionTaskEntity[],
    now: Date,
    correlationId?: string,
  ): Promise<void> {
    const action = ART_19_ACTIONS[fulfilment.requestType]!;
    for (const { recipient } of this.art19Recipients(fulfilment, profile, tasks)) {
      await this.emit(manager, fulfilment, EventTypes.RecipientNotificationRequested, correlationId, {
        requestId: fulfilment.requestId,
        recipientId: recipient.id,
        recipientName: localize(recipient.name, profile.languages[0], profile),
        recipientEmail: recipient.contactEmail!,
        action,
        language: profile.languages[0],
        requestedAt: now.toISOString(),
      });
    }
  }
}
