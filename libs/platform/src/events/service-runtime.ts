import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DsarEvent, EventType, topicsOf } from '@dsar/contracts';
import { EventTransport, idempotent, OutboxRelay } from '@dsar/messaging';
import { schemaOf } from '@dsar/persistence';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { EVENT_HANDLER_METHODS_METADATA, EventHandlerMethodRoute } from './event-handler.decorator';
import { ServiceMetrics } from '../metrics/service-metrics';
import { EVENT_TRANSPORT, PLATFORM_LOGGER, SERVICE_METRICS, SERVICE_OPTIONS, ServiceOptions } from '../tokens';

type ApplyEvent = (event: DsarEvent, manager: EntityManager) => Promise<void>;

/**
 * Starts what makes a service part of the event backbone once Nest is up: the transport,
 * the outbox relay, and one consumer group reading the topics of the event types its
 * discovered handlers apply, routed to them by CloudEvents `type`. Stops them before the
 * data source closes.
 */
@Injectable()
export class ServiceRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @Inject(SERVICE_OPTIONS) private readonly options: ServiceOptions,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.transport.start();
    const schema = schemaOf(this.dataSource);
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema,
      transport: this.transport,
      log: this.log,
      url: this.options.databaseUrl,
    });
    await this.relay.start();

    const routes = this.discoverHandlers();
    if (routes.size === 0) return;
    const group = this.options.consumerGroup ?? this.options.service;
    const apply = idempotent(this.dataSource, schema, group, async (event, manager) => {
      for (const handle of routes.get(event.type) ?? []) await handle(event, manager);
    });
    const measured = async (event: DsarEvent) => {
      const stop = this.metrics.eventHandlingDuration.startTimer({ type: event.type });
      try {
        await apply(event);
        this.metrics.eventsConsumed.inc({ type: event.type, outcome: 'applied' });
      } catch (error) {
        this.metrics.eventsConsumed.inc({ type: event.type, outcome: 'failed' });
        throw error;
      } finally {
        stop();
      }
    };
    const topics = topicsOf(routes.keys());
    await this.transport.subscribe({
      group,
      topics,
      retry: this.options.retry,
      // A topic carries every type of its aggregate: the types this service does not apply pass by.
      handle: (event) => (routes.has(event.type) ? measured(event) : Promise.resolve()),
    });
    this.log.info({ group, topics, types: [...routes.keys()] }, 'consuming events');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.transport.stop();
  }

  private discoverHandlers(): Map<EventType, ApplyEvent[]> {
    const routes = new Map<EventType, ApplyEvent[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const methods: EventHandlerMethodRoute[] | undefined = Reflect.getMetadata(EVENT_HANDLER_METHODS_METADATA, metatype);
      for (const { type, method } of methods ?? []) {
        const handle: ApplyEvent = instance[method].bind(instance);
        routes.set(type, [...(routes.get(type) ?? []), handle]);
      }
    }
    return routes;
  }
}
