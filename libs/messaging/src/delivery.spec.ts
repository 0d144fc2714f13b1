import { createEvent, EventTypes, topicOf } from '@dsar/contracts';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliver, DeliveryContext } from './delivery';

function context(overrides: Partial<DeliveryContext>): DeliveryContext {
  const requestId = randomUUID();
  const event = createEvent({
    type: EventTypes.CollectionTaskRequested,
    source: 'dsar/test',
    subject: requestId,
    controllerId: 'demo',
    data: { requestId, taskId: randomUUID(), systemId: 'demo-crm', action: 'export', identities: { email: 'ada@example.org' } },
  });
  return {
    group: 'test',
    topic: topicOf(event.type),
    key: requestId,
    value: JSON.stringify(event),
    retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 2 },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    handle: async () => undefined,
    deadLetter: async () => undefined,
    ...overrides,
  };
}

describe('deliver', () => {
  it('keeps the consumer session alive while a long handler runs, and stops when it is done', async () => {
    let beats = 0;
    const outcome = await deliver(context({ handle: () => sleep(120), keepAlive: async () => void beats++, keepAliveIntervalMs: 20 }));
    expect(outcome).toBe('handled');
    expect(beats).toBeGreaterThanOrEqual(3);
    const after = beats;
    await sleep(60);
    expect(beats).toBe(after);
  });

  it('does not fail the event when a heartbeat fails during a rebalance', async () => {
    const outcome = await deliver(
      context({ handle: () => sleep(60), keepAlive: () => Promise.reject(new Error('rebalance in progress')), keepAliveIntervalMs: 10 }),
    );
    expect(outcome).toBe('handled');
  });

  it('moves an event that keeps failing to the dead-letter topic with its reason', async () => {
    const dead: Array<{ topic: string; headers?: Record<string, string> }> = [];
    const outcome = await deliver(
      context({ handle: () => Promise.reject(new Error('system down')), deadLetter: async (message) => void dead.push(message) }),
    );
    expect(outcome).toBe('dead-lettered');
    expect(dead).toEqual([
      expect.objectContaining({ topic: 'dsar.dlq.test.v1', headers: expect.objectContaining({ 'dlq-attempts': '2' }) }),
    ]);
  });
});
