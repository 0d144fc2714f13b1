import { collectDefaultMetrics, Counter, Gauge, GaugeConfiguration, Histogram, Registry } from 'prom-client';

/**
 * One service's Prometheus metrics, in a registry of its own: the embedded mode runs every
 * service in one process, and each must answer /metrics with its own figures. Labels never
 * carry personal data: routes are patterns, events are types.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsConsumed: Counter<'type' | 'outcome'>;
  readonly eventHandlingDuration: Histogram<'type'>;

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'dsar_' });
    this.httpRequestDuration = new Histogram({
      name: 'dsar_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status, with their duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'dsar_events_consumed_total',
      help: 'Events handled by this service, by type and outcome (applied, or failed and to be retried or dead-lettered)',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
    this.eventHandlingDuration = new Histogram({
      name: 'dsar_event_handling_duration_seconds',
      help: 'Time to apply one event, its transaction included',
      labelNames: ['type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [this.registry],
    });
  }

  /** A gauge read when Prometheus scrapes, e.g. from the service's own tables. */
  gauge<L extends string>(configuration: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge<L>({ ...configuration, registers: [this.registry] });
  }
}
