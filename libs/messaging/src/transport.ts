import { DsarEvent } from '@dsar/contracts';

/** An event as the outbox relay hands it to a transport: already serialised. */
export interface OutgoingMessage {
  topic: string;
  /** Always the request id, so one request's events keep their order. */
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface RetryPolicy {
  /** Attempts before the event goes to the consumer's dead-letter topic. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface Subscription {
  /** The consumer group: one per service. */
  group: string;
  /** Topics carry several event types: `handle` receives every event of them and picks its own. */
  topics: string[];
  retry: RetryPolicy;
  /** Resolves once the event and the handler's database writes are committed. */
  handle(event: DsarEvent): Promise<void>;
}

/** Minimal structured logger: pino's signature, so a pino logger fits as is. */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Where a consumer group stands, for metrics. */
export interface Backlog {
  /** Events on its topics it has not handled yet. */
  lag: number;
  /** Events in its dead-letter topic. */
  deadLetters: number;
}

/**
 * The event bus port. Two transports implement it: Kafka for distributed deployments,
 * PostgreSQL for the single-process embedded mode. Both deliver at least once, in order
 * per key; consumers make it exactly-once in effect through the inbox.
 */
export interface EventTransport {
  readonly kind: 'kafka' | 'postgres';
  start(): Promise<void>;
  publish(messages: OutgoingMessage[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  /** Where a group subscribed through this transport stands; undefined for a group it does not consume for. */
  backlog(group: string): Promise<Backlog | undefined>;
  /** Throws when the broker cannot be reached; used by health checks. */
  ping(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };
