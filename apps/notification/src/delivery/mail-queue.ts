import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { audienceOf, MessageKind } from '../templates/message-kinds';
import { TemplateRenderer } from '../templates/template-renderer';
import { OutgoingMailEntity } from './outgoing-mail.entity';

export interface OwedMessage {
  /** The event id (or a scheduled message's own key): with the kind, it makes the message unique. */
  key: string;
  kind: MessageKind;
  recipient: string;
  controllerId: string;
  language: string | undefined;
  requestId?: string;
  data: Record<string, unknown>;
}

/**
 * Renders a message owed and records it in the caller's transaction (the consumer's, with its
 * inbox entry): an event delivered twice, or a reminder fired twice, records it once.
 */
@Injectable()
export class MailQueue {
  constructor(private readonly renderer: TemplateRenderer) {}

  async queue(manager: EntityManager, message: OwedMessage): Promise<void> {
    const rendered = this.renderer.render(message.kind, message.language, message.controllerId, message.data);
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutgoingMailEntity)
      .values({
        id: randomUUID(),
        eventId: message.key,
        requestId: message.requestId ?? null,
        kind: message.kind,
        audience: audienceOf(message.kind),
        controllerId: message.controllerId,
        language: rendered.language,
        recipient: message.recipient,
        subject: rendered.subject,
        body: rendered.text,
        html: rendered.html,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(),
      })
      .orIgnore()
      .execute();
  }
}
