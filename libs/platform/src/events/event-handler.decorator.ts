import { DsarEvent, EventType } from '@dsar/contracts';
import { EntityManager } from 'typeorm';

export const EVENT_HANDLER_METHODS_METADATA = 'dsar:event-handler-methods';

/** A method that applies one event type, inside the transaction of its inbox entry. */
export type EventHandlerMethod<T extends EventType> = (event: DsarEvent<T>, manager: EntityManager) => Promise<void>;

export interface EventHandlerMethodRoute {
  type: EventType;
  method: string | symbol;
}

/**
 * Makes a provider's method the handler of one event type. The service runtime subscribes the
 * service's consumer group to the topic of that type and calls the method, with the event
 * typed as `DsarEvent<T>`, inside one transaction with the inbox entry, so a redelivered event
 * is applied once. A method whose parameter does not match the type does not compile.
 */
export function OnEvent<T extends EventType>(type: T) {
  return (target: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<EventHandlerMethod<T>>): void => {
    const routes: EventHandlerMethodRoute[] = Reflect.getMetadata(EVENT_HANDLER_METHODS_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(EVENT_HANDLER_METHODS_METADATA, [...routes, { type, method }], target.constructor);
  };
}
