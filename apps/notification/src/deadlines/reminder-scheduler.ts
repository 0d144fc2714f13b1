import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from 'pino';
import { DataSource, In } from 'typeorm';
import { CLOCK, Clock } from '../clock';
import { ControllerDirectory } from '../controllers/controller-directory';
import { MailQueue } from '../delivery/mail-queue';
import { OutgoingMailEntity } from '../delivery/outgoing-mail.entity';
import { NotificationConfig } from '../notification.config';
import { DeadlineReminderEntity, RequestDeadlineEntity } from './request-deadline.entity';
import { staffLinkTo } from './staff-links';

const DAY_MS = 86_400_000;
const OPEN = ['received', 'awaiting-verification', 'verified', 'in-progress', 'awaiting-dpo-review'];
const DIGEST_DUE_SOON_DAYS = 7;

interface DueReminder {
  id: string;
  request_id: string;
  kind: 'reminder' | 'breached';
  days_before: number;
  due_at: Date;
}

/**
 * Turns the stored due dates into staff messages, polling the database (so nothing is lost over a
 * restart) against an injectable clock: each reminder and breach notice once, at its time, and
 * once a day a digest per DPO address. A paused request's reminders wait for its resumption.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NotificationConfig) private readonly config: NotificationConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
    private readonly controllers: ControllerDirectory,
    private readonly mail: MailQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop;
  }

  /** One pass: every reminder due by now, then the digests due today. */
  async tick(): Promise<void> {
    while (await this.fireDueReminders()) {
      // until none is left
    }
    await this.queueDigests();
  }

  /** Fires the reminders due for up to 50 requests; returns whether there were any. */
  private fireDueReminders(): Promise<boolean> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const due: DueReminder[] = await manager.query(
        `SELECT r.id, r.request_id, r.kind, r.days_before, r.due_at
           FROM notification.deadline_reminders r
           JOIN notification.request_deadlines d ON d.request_id = r.request_id
          WHERE r.done_at IS NULL AND r.fire_at <= $1 AND d.status = ANY($2)
          ORDER BY r.fire_at
          LIMIT 200
          FOR UPDATE OF r SKIP LOCKED`,
        [now, OPEN],
      );
      if (due.length === 0) return false;
      const byRequest = new Map<string, DueReminder[]>();
      for (const reminder of due) byRequest.set(reminder.request_id, [...(byRequest.get(reminder.request_id) ?? []), reminder]);
      for (const [requestId, reminders] of byRequest) {
        const deadline = await manager.findOneByOrFail(RequestDeadlineEntity, { requestId });
        // After a long stop, only the most urgent of the reminders due is worth sending.
        const [latest, ...superseded] = [...reminders].sort((a, b) =>
          a.kind === 'breached' ? -1 : b.kind === 'breached' ? 1 : a.days_before - b.days_before,
        );
        const recipient = this.controllers.staffAddressOf(deadline.controllerId);
        if (recipient) {
          await this.mail.queue(manager, {
            key: `reminder:${latest.id}`,
            kind: latest.kind === 'breached' ? 'staff-deadline-breached' : 'staff-deadline-reminder',
            recipient,
            controllerId: deadline.controllerId,
            language: this.controllers.staffLanguageOf(deadline.controllerId),
            requestId,
            data: {
              reference: deadline.reference,
              requestType: deadline.requestType,
              dueAt: deadline.dueAt.toISOString(),
              daysLeft: latest.days_before,
              link: staffLinkTo(this.config, requestId),
            },
          });
        }
        await manager.update(DeadlineReminderEntity, { id: latest.id }, { doneAt: now, outcome: recipient ? 'sent' : 'no-staff-address' });
        if (superseded.length > 0) {
          await manager.update(DeadlineReminderEntity, { id: In(superseded.map((r) => r.id)) }, { doneAt: now, outcome: 'superseded' });
        }
        this.log.info({ requestId, kind: latest.kind, daysBefore: latest.days_before }, 'deadline reminder fired');
      }
      return true;
    });
  }

  /** Once a day from NOTIFY_DIGEST_HOUR (UTC), one digest per DPO address that has something to report. */
  private async queueDigests(): Promise<void> {
    const now = this.clock.now();
    if (now.getUTCHours() < this.config.NOTIFY_DIGEST_HOUR) return;
    const day = now.toISOString().slice(0, 10);
    const controllersByDpo = new Map<string, string[]>();
    for (const id of this.controllers.ids()) {
      const address = this.controllers.staffAddressOf(id);
      if (address) controllersByDpo.set(address, [...(controllersByDpo.get(address) ?? []), id]);
    }
    for (const [address, controllerIds] of controllersByDpo) {
      const key = `digest:${createHash('sha256').update(address).digest('hex').slice(0, 16)}:${day}`;
      await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(OutgoingMailEntity, { eventId: key, kind: 'staff-digest' })) return;
        const open = await manager.find(RequestDeadlineEntity, {
          where: { controllerId: In(controllerIds), status: In([...OPEN, 'paused']) },
          order: { dueAt: 'ASC' },
        });
        const failures = await manager.count(OutgoingMailEntity, {
          where: { controllerId: In(controllerIds), status: In(['failed', 'in-doubt']) },
        });
        if (open.length === 0 && failures === 0) return;
        const soon = now.getTime() + DIGEST_DUE_SOON_DAYS * DAY_MS;
        const row = (d: RequestDeadlineEntity) => ({ reference: d.reference, requestType: d.requestType, dueAt: d.dueAt.toISOString() });
        await this.mail.queue(manager, {
          key,
          kind: 'staff-digest',
          recipient: address,
          controllerId: controllerIds[0],
          language: this.controllers.staffLanguageOf(controllerIds[0]),
          data: {
            // Midday of the UTC day: the same calendar day wherever the controller is.
            date: `${day}T12:00:00.000Z`,
            openCount: open.length,
            dueSoonDays: DIGEST_DUE_SOON_DAYS,
            breached: open.filter((d) => d.dueAt.getTime() < now.getTime()).map(row),
            dueSoon: open.filter((d) => d.dueAt.getTime() >= now.getTime() && d.dueAt.getTime() <= soon).map(row),
            failures,
          },
        });
      });
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.tick();
      } catch (error) {
        this.log.warn({ reason: (error as Error).message }, 'reminder scheduler error');
      }
      const until = Date.now() + this.config.NOTIFY_SCHEDULER_INTERVAL_MS;
      while (!this.stopping && Date.now() < until) await sleep(Math.min(250, this.config.NOTIFY_SCHEDULER_INTERVAL_MS));
    }
  }
}
