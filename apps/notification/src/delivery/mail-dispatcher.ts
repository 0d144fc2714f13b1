import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NotificationConfig } from '../notification.config';
import { isPermanentFailure, MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { OutgoingMailEntity } from './outgoing-mail.entity';

const MAX_BACKOFF_MS = 600_000;
const RECOVERY_EVERY_MS = 2_000;

/** What the server or socket said, for the DPO; addresses a server echoes are masked. */
function describe(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const text = [e.responseCode, e.code, e.message].filter(Boolean).join(' ') || 'unknown error';
  return text.replace(/[^\s<>"']+@[^\s<>"']+/g, '<address>').slice(0, 300);
}

/**
 * Sends queued mail, one message at a time per replica.
 *
 * A message is claimed in a short transaction (`sending`, with a lease) before the transport is
 * called, and marked `sent` after. A message still `sending` when its lease expires belongs to a
 * sender that died mid-send: the mailbox transport says whether the file was written; SMTP cannot
 * say whether the server accepted it, so it is held `in-doubt` for the DPO (or resent with the
 * same Message-ID under MAIL_IN_DOUBT_POLICY=resend). Retryable failures back off exponentially;
 * a 5xx refusal or the last attempt marks the message `failed`.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop?: Promise<void>;
  private lastRecovery = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.transport.close();
  }

  /** Sends at most one due message; returns whether one was found. */
  async dispatchOne(): Promise<boolean> {
    const mail = await this.claim();
    if (!mail) return false;
    try {
      await this.transport.send(mail.id, {
        from: this.config.MAIL_FROM,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body ?? '',
        ...(mail.html ? { html: mail.html } : {}),
        messageId: `<${mail.id}@dsar.invalid>`,
        headers: {
          ...(mail.requestId ? { 'X-DSAR-Request': mail.requestId } : {}),
          'X-DSAR-Kind': mail.kind,
          'X-DSAR-Audience': mail.audience,
        },
      });
    } catch (error) {
      await this.recordFailure(mail, error);
      return true;
    }
    await this.dataSource.manager.update(
      OutgoingMailEntity,
      { id: mail.id, status: 'sending' },
      { status: 'sent', sentAt: new Date(), body: null, html: null, claimedUntil: null, lastError: null },
    );
    this.log.info({ mailId: mail.id, kind: mail.kind, requestId: mail.requestId }, 'mail sent');
    return true;
  }

  /** Settles messages whose sender died mid-send (lease expired); returns how many. */
  async recoverAbandoned(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const abandoned = await manager
        .createQueryBuilder(OutgoingMailEntity, 'mail')
        .where("mail.status = 'sending' AND mail.claimed_until < now()")
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .limit(50)
        .getMany();
      for (const mail of abandoned) {
        const delivered = await this.transport.wasDelivered(mail.id);
        if (delivered === true) {
          await manager.update(
            OutgoingMailEntity,
            { id: mail.id },
            { status: 'sent', sentAt: new Date(), body: null, html: null, claimedUntil: null },
          );
        } else if (delivered === false || this.config.MAIL_IN_DOUBT_POLICY === 'resend') {
          await manager.update(OutgoingMailEntity, { id: mail.id }, { status: 'pending', claimedUntil: null, nextAttemptAt: new Date() });
        } else {
          await manager.update(
            OutgoingMailEntity,
            { id: mail.id },
            {
              status: 'in-doubt',
              claimedUntil: null,
              lastError: 'the sender stopped during delivery: the SMTP server may or may not have accepted it',
            },
          );
        }
        this.log.warn({ mailId: mail.id, kind: mail.kind, delivered: delivered ?? 'unknown' }, 'mail abandoned mid-send settled');
      }
      return abandoned.length;
    });
  }

  private claim(): Promise<OutgoingMailEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const mail = await manager
        .createQueryBuilder(OutgoingMailEntity, 'mail')
        .where("mail.status = 'pending' AND mail.next_attempt_at <= now()")
        .orderBy('mail.created_at')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!mail) return null;
      mail.attempts += 1;
      mail.status = 'sending';
      mail.claimedUntil = new Date(Date.now() + this.config.MAIL_SEND_LEASE_SECONDS * 1_000);
      await manager.update(
        OutgoingMailEntity,
        { id: mail.id },
        { status: 'sending', attempts: mail.attempts, claimedUntil: mail.claimedUntil },
      );
      return mail;
    });
  }

  private async recordFailure(mail: OutgoingMailEntity, error: unknown): Promise<void> {
    const failed = isPermanentFailure(error) || mail.attempts >= this.config.MAIL_MAX_ATTEMPTS;
    const delay = Math.min(this.config.MAIL_RETRY_BASE_MS * 2 ** (mail.attempts - 1), MAX_BACKOFF_MS);
    await this.dataSource.manager.update(
      OutgoingMailEntity,
      { id: mail.id, status: 'sending' },
      {
        status: failed ? 'failed' : 'pending',
        claimedUntil: null,
        lastError: describe(error),
        nextAttemptAt: new Date(Date.now() + delay),
      },
    );
    this.log.warn({ mailId: mail.id, kind: mail.kind, attempts: mail.attempts, failed }, 'mail delivery failed');
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let sent = false;
      try {
        if (Date.now() - this.lastRecovery > RECOVERY_EVERY_MS) {
          this.lastRecovery = Date.now();
          await this.recoverAbandoned();
        }
        sent = await this.dispatchOne();
      } catch (error) {
        this.log.warn({ reason: (error as Error).message }, 'mail dispatcher error');
      }
      if (!sent) await sleep(250);
    }
  }
}
