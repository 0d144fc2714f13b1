import { Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OutgoingMailEntity } from './outgoing-mail.entity';
import { packageReadyMail, RenderedMail, verificationCodeMail } from './templates';

/** Queues one e-mail for one event: a redelivered event queues nothing more. */
export async function queueMail(
  manager: EntityManager,
  event: DsarEvent,
  kind: string,
  recipient: string,
  mail: RenderedMail,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(OutgoingMailEntity)
    .values({
      id: randomUUID(),
      eventId: event.id,
      requestId: event.subject,
      kind,
      recipient,
      subject: mail.subject,
      body: mail.body,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(),
    })
    .orIgnore()
    .execute();
}

@Injectable()
@HandlesEvents(EventTypes.VerificationChallengeIssued)
export class VerificationCodeMailHandler implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.VerificationChallengeIssued>;
    await queueMail(manager, event, 'verification-code', data.recipient, verificationCodeMail(data.language, data.code, data.expiresAt));
  }
}

@Injectable()
@HandlesEvents(EventTypes.FulfilmentPackageReady)
export class PackageReadyMailHandler implements DsarEventHandler {
  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.FulfilmentPackageReady>;
    await queueMail(manager, event, 'package-ready', data.recipient, packageReadyMail(data.language, data.downloadUrl, data.expiresAt));
  }
}
