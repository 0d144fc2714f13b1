import { RetryPolicy } from '@dsar/messaging';

export const SERVICE_OPTIONS = Symbol('dsar:service-options');
export const EVENT_TRANSPORT = Symbol('dsar:event-transport');
export const PLATFORM_LOGGER = Symbol('dsar:platform-logger');

export interface ServiceOptions {
  service: string;
  schema: string;
  databaseUrl: string;
  consumerGroup?: string;
  retry: RetryPolicy;
}
