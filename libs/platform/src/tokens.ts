import { RetryPolicy } from '@dsar/messaging';

export const SERVICE_OPTIONS = Symbol('dsar:service-options');
export const EVENT_TRANSPORT = Symbol('dsar:event-transport');
export const PLATFORM_LOGGER = Symbol('dsar:platform-logger');
/** The service's Prometheus metrics (ServiceMetrics). */
export const SERVICE_METRICS = Symbol('dsar:service-metrics');
/** Applies TRUSTED_PROXIES to the HTTP adapter when the module is instantiated. */
export const TRUSTED_PROXIES = Symbol('dsar:trusted-proxies');

export interface ServiceOptions {
  service: string;
  schema: string;
  databaseUrl: string;
  consumerGroup?: string;
  retry: RetryPolicy;
}
