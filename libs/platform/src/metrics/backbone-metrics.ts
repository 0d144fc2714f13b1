import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTransport } from '@dsar/messaging';
import { DataSource } from 'typeorm';
import { EVENT_TRANSPORT, SERVICE_METRICS, SERVICE_OPTIONS, ServiceOptions } from '../tokens';
import { ServiceMetrics } from './service-metrics';

/** What every service's place on the event backbone looks like: outbox depth and age, consumer lag, dead letters. */
@Injectable()
export class BackboneMetrics implements OnModuleInit {
  constructor(
    @Inject(SERVICE_METRICS) private readonly metrics: ServiceMetrics,
    @Inject(SERVICE_OPTIONS) private readonly options: ServiceOptions,
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const { schema } = this.options;
    const outbox = async () => {
      const [row] = await this.dataSource.query(
        `SELECT count(*)::float AS depth, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM "${schema}".outbox`,
      );
      return row as { depth: number; age: number };
    };
    this.metrics.gauge({
      name: 'dsar_outbox_depth',
      help: 'Events committed and not yet relayed to the bus',
      async collect() {
        this.set((await outbox()).depth);
      },
    });
    this.metrics.gauge({
      name: 'dsar_outbox_oldest_age_seconds',
      help: 'Age of the oldest event waiting in the outbox (0 when empty)',
      async collect() {
        this.set((await outbox()).age);
      },
    });
    const group = this.options.consumerGroup ?? this.options.service;
    const backlog = () => this.transport.backlog(group);
    this.metrics.gauge({
      name: 'dsar_consumer_lag_events',
      help: "Events on the bus this service's consumer group has not handled yet",
      async collect() {
        const figures = await backlog();
        if (figures) this.set(figures.lag);
      },
    });
    this.metrics.gauge({
      name: 'dsar_dead_letter_events',
      help: "Events in this service's dead-letter topic, each to be explained or redriven",
      async collect() {
        const figures = await backlog();
        if (figures) this.set(figures.deadLetters);
      },
    });
  }
}
