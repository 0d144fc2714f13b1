import { deadLetterTopic, DsarEvent, validateEvent } from '@dsar/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessagingLogger, OutgoingMessage, RetryPolicy } from './transport';

export interface DeliveryContext {
  group: string;
  topic: string;
  key: string;
  value: string;
  retry: RetryPolicy;
  log: MessagingLogger;
  handle(event: DsarEvent): Promise<void>;
  deadLetter(message: OutgoingMessage): Promise<void>;
  /**
   * Called while a handler runs and while waiting between attempts, so a Kafka session
   * stays alive through a long task (a large export) instead of rebalancing under it.
   */
  keepAlive?(): Promise<void>;
  /** How often keepAlive is called while a handler runs (default 2 s). */
  keepAliveIntervalMs?: number;
  isStopping?(): boolean;
}

export type DeliveryOutcome = 'handled' | 'dead-lettered' | 'interrupted';

export function backoffDelay(attempt: number, retry: RetryPolicy): number {
  const exponential = retry.initialBackoffMs * 2 ** (attempt - 1);
  const capped = Math.min(exponential, retry.maxBackoffMs);
  // Full jitter on the upper half keeps replicas from retrying in lockstep.
  return Math.round(capped / 2 + (Math.random() * capped) / 2);
}

/** Error text safe to log: the class and message only, never the failed values. */
function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return 'non-error thrown';
}

/**
 * Validates an incoming event, hands it to the handler with bounded retries and
 * back-off, and moves it to the consumer's dead-letter topic when it is malformed or
 * keeps failing, so one poison event never blocks the partition behind it.
 */
export async function deliver(ctx: DeliveryContext): Promise<DeliveryOutcome> {
  const toDeadLetter = async (reason: string, attempts: number): Promise<DeliveryOutcome> => {
    await ctx.deadLetter({
      topic: deadLetterTopic(ctx.group),
      key: ctx.key,
      value: ctx.value,
      headers: {
        'dlq-original-topic': ctx.topic,
        'dlq-consumer-group': ctx.group,
        'dlq-attempts': String(attempts),
        'dlq-reason': reason,
      },
    });
    ctx.log.error({ group: ctx.group, topic: ctx.topic, attempts }, 'event moved to the dead-letter topic');
    return 'dead-lettered';
  };

  let event: DsarEvent;
  try {
    event = validateEvent(JSON.parse(ctx.value));
  } catch (error) {
    return toDeadLetter(`invalid event: ${describeError(error)}`, 0);
  }

  for (let attempt = 1; ; attempt++) {
    try {
      await whileKeptAlive(ctx.handle(event), ctx.keepAlive, ctx.keepAliveIntervalMs ?? 2_000);
      return 'handled';
    } catch (error) {
      const reason = describeError(error);
      ctx.log.warn({ group: ctx.group, eventId: event.id, type: event.type, attempt, reason }, 'event handler failed');
      // A failure while shutting down is not the event's fault: leave it for redelivery.
      if (ctx.isStopping?.()) return 'interrupted';
      if (attempt >= ctx.retry.maxAttempts) {
        return toDeadLetter(reason, attempt);
      }
      await waitWithKeepAlive(backoffDelay(attempt, ctx.retry), ctx.keepAlive);
    }
  }
}

async function whileKeptAlive<T>(work: Promise<T>, keepAlive: (() => Promise<void>) | undefined, intervalMs: number): Promise<T> {
  if (!keepAlive) return work;
  // A failed heartbeat (a rebalance under way) is not the handler's failure: the commit after it tells.
  const timer = setInterval(() => keepAlive().catch(() => undefined), intervalMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

async function waitWithKeepAlive(ms: number, keepAlive?: () => Promise<void>): Promise<void> {
  const step = 1_000;
  for (let waited = 0; waited < ms; waited += step) {
    await sleep(Math.min(step, ms - waited));
    await keepAlive?.();
  }
}
