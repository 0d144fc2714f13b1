import { SetMetadata } from '@nestjs/common';
import { DsarEvent, EventType } from '@dsar/contracts';
import { EntityManager } from 'typeorm';

export const EVENT_HANDLER_METADATA = 'dsar:event-handler';

/**
 * Marks a provider as the handler of some event types. The service runtime subscribes
 * the service's consumer group to them and calls `handle` inside one transaction with
 * the inbox entry, so a redelivered event is applied once.
 */
export const HandlesEvents = (...types: EventType[]) => SetMetadata(EVENT_HANDLER_METADATA, types);

export interface DsarEventHandler {
  handle(event: DsarEvent, manager: EntityManager): Promise<void>;
}
