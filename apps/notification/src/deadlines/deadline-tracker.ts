import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { CLOCK, Clock } from '../clock';
import { NotificationConfig, reminderDaysOf } from '../notification.config';
import { DeadlineReminderEntity, RequestDeadlineEntity } from './request-deadline.entity';

const DAY_MS = 86_400_000;
const CLOSED = ['completed', 'rejected', 'cancelled'];

export interface DeadlineFacts {
  requestId: string;
  controllerId: string;
  reference: string;
  requestType: string;
  status: string;
  dueAt: string;
}

/**
 * Keeps each request's due date as its lifecycle events report it, and the staff reminders that
 * follow from it: one per configured offset still ahead, and the breach notice at the due date.
 * When the due date moves (extension, pause counted), reminders not yet done are replaced; when
 * the request closes, they are dropped. Reminders already done stay done.
 */
@Injectable()
export class DeadlineTracker {
  private readonly offsets: number[];

  constructor(
    @Inject(NotificationConfig) config: NotificationConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.offsets = reminderDaysOf(config);
  }

  async track(manager: EntityManager, facts: DeadlineFacts): Promise<void> {
    const dueAt = new Date(facts.dueAt);
    const known = await manager.findOne(RequestDeadlineEntity, {
      where: { requestId: facts.requestId },
      lock: { mode: 'pessimistic_write' },
    });
    const dueChanged = !known || known.dueAt.getTime() !== dueAt.getTime();
    await manager.upsert(
      RequestDeadlineEntity,
      {
        requestId: facts.requestId,
        controllerId: facts.controllerId,
        reference: facts.reference,
        requestType: facts.requestType,
        status: facts.status,
        dueAt,
        updatedAt: new Date(),
      },
      ['requestId'],
    );
    if (CLOSED.includes(facts.status)) {
      await manager.delete(DeadlineReminderEntity, { requestId: facts.requestId, doneAt: IsNull() });
      return;
    }
    if (!dueChanged) return;
    await manager.delete(DeadlineReminderEntity, { requestId: facts.requestId, doneAt: IsNull() });
    const now = this.clock.now().getTime();
    const reminders = [
      ...this.offsets
        .map((days) => ({ kind: 'reminder' as const, daysBefore: days, fireAt: new Date(dueAt.getTime() - days * DAY_MS) }))
        .filter((reminder) => reminder.fireAt.getTime() > now),
      { kind: 'breached' as const, daysBefore: 0, fireAt: dueAt },
    ];
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeadlineReminderEntity)
      .values(
        reminders.map((reminder) => ({ id: randomUUID(), requestId: facts.requestId, dueAt, doneAt: null, outcome: null, ...reminder })),
      )
      .orIgnore()
      .execute();
  }
}
