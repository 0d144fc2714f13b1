import 'reflect-metadata';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { EntityManager } from 'typeorm';
import { EVENT_HANDLER_METHODS_METADATA, EventHandlerMethodRoute, OnEvent } from './event-handler.decorator';

class TwoTypes {
  readonly seen: string[] = [];

  @OnEvent(EventTypes.RequestReceived)
  async onReceived(event: DsarEvent<typeof EventTypes.RequestReceived>, _manager: EntityManager): Promise<void> {
    this.seen.push(event.data.reference);
  }

  @OnEvent(EventTypes.RequestStatusChanged)
  async onStatusChanged(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, _manager: EntityManager): Promise<void> {
    this.seen.push(event.data.toStatus);
  }
}

describe('@OnEvent', () => {
  it('routes each event type to its own typed method of the provider', () => {
    const routes: EventHandlerMethodRoute[] = Reflect.getMetadata(EVENT_HANDLER_METHODS_METADATA, TwoTypes);
    expect(routes).toEqual([
      { type: EventTypes.RequestReceived, method: 'onReceived' },
      { type: EventTypes.RequestStatusChanged, method: 'onStatusChanged' },
    ]);
  });
});
