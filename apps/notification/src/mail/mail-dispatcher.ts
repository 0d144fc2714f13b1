import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NotificationConfig } from '../notification.config';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { OutgoingMailEntity } from './outgoing-mail.entity';

const MAX_ATTEMPTS = 8;

/**
 * Sends queued mail. Each message is locked (SKIP LOCKED) while it is sent and marked
 * sent in the same transaction, so replicas never send the same message twice; failed
 * sends are retried with back-off, then marked failed for the DPO to see.
 */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop?: Promise<void>;

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
    return this.dataSource.transaction(async (manager) => {
      const mail = await manager
        .createQueryBuilder(OutgoingMailEntity, 'mail')
        .where("mail.status = 'pending' AND mail.next_attempt_at <= now()")
        .orderBy('mail.created_at')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getOne();
      if (!mail) return false;
      try {
        await this.transport.send(mail.id, {
          from: this.config.MAIL_FROM,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.body ?? '',
          messageId: `<${mail.id}@dsar.invalid>`,
          headers: { 'X-DSAR-Request': mail.requestId, 'X-DSAR-Kind': mail.kind },
        });
        await manager.update(
          OutgoingMailEntity,
          { id: mail.id },
          { status: 'sent', sentAt: new Date(), body: null, attempts: mail.attempts + 1 },
        );
        this.log.info({ mailId: mail.id, kind: mail.kind, requestId: mail.requestId }, 'mail sent');
      } catch (error) {
        const attempts = mail.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        await manager.update(
          OutgoingMailEntity,
          { id: mail.id },
          {
            attempts,
            status: failed ? 'failed' : 'pending',
            lastError: (error as Error).message.slice(0, 300),
            nextAttemptAt: new Date(Date.now() + Math.min(1_000 * 2 ** attempts, 600_000)),
          },
        );
        this.log.warn({ mailId: mail.id, kind: mail.kind, attempts, failed }, 'mail delivery failed');
      }
      return true;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let sent = false;
      try {
        sent = await this.dispatchOne();
      } catch (error) {
        this.log.warn({ reason: (error as Error).message }, 'mail dispatcher error');
      }
      if (!sent) await sleep(250);
    }
  }
}
