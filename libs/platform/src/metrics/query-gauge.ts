import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SERVICE_METRICS } from '../tokens';
import { ServiceMetrics } from './service-metrics';

export interface QueryGauge<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Read at each scrape: one row per label set, with the labels as columns and the figure as `value`. */
  sql: string;
}

/** A gauge whose figures are counted in the service's own tables when Prometheus scrapes. */
export function registerQueryGauge<L extends string>(metrics: ServiceMetrics, dataSource: DataSource, gauge: QueryGauge<L>): void {
  metrics.gauge<L>({
    name: gauge.name,
    help: gauge.help,
    labelNames: gauge.labelNames,
    async collect() {
      const rows: Array<Record<L, string> & { value: string | number }> = await dataSource.query(gauge.sql);
      this.reset();
      for (const row of rows) {
        const labels = Object.fromEntries(gauge.labelNames.map((label) => [label, String(row[label] ?? '')])) as Record<L, string>;
        this.set(labels, Number(row.value));
      }
    },
  });
}

/** A provider that registers the service's query gauges when its module starts. */
export function queryGaugesProvider(gauges: QueryGauge<string>[]): Provider {
  return {
    provide: Symbol('dsar:query-gauges'),
    inject: [SERVICE_METRICS, getDataSourceToken()],
    useFactory: (metrics: ServiceMetrics, dataSource: DataSource) => {
      for (const gauge of gauges) registerQueryGauge(metrics, dataSource, gauge);
      return gauges.map((gauge) => gauge.name);
    },
  };
}
