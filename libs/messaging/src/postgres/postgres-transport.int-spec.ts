import { deadLetterTopic, DsarEvent, EventTypes, topicOf } from '@dsar/contracts';
import { asMessage, createTestDatabase, expectEventually, recordingLogger, sampleEvent, TestDatabase } from '@dsar/testing';
import { Client } from 'pg';
import { redrivePostgresDeadLetters } from '../redrive/redrive';
import { PostgresTransport } from './postgres-transport';

const retry = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 };

describe('PostgresTransport (real PostgreSQL)', () => {
  let db: TestDatabase;
  const transports: PostgresTransport[] = [];

  async function transport(): Promise<PostgresTransport> {
    const t = new PostgresTransport({ url: db.url, log: recordingLogger(), pollIntervalMs: 200 });
    transports.push(t);
    await t.start();
    return t;
  }

  beforeAll(async () => {
    db = await createTestDatabase('pgtransport');
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.stop()));
  });

  afterAll(async () => {
    await db.drop();
  });

  it('delivers every event to each group, in publish order per request', async () => {
    const bus = await transport();
    const requestA = sampleEvent().subject;
    const requestB = sampleEvent().subject;
    const events = Array.from({ length: 40 }, (_, i) => sampleEvent(i % 2 ? requestA : requestB));
    for (const event of events) await bus.publish([asMessage(event)]);

    const seen: Record<string, string[]> = { fulfilment: [], backoffice: [] };
    for (const group of Object.keys(seen)) {
      await bus.subscribe({
        group: `${group}-order`,
        topics: [topicOf(EventTypes.CollectionTaskRequested)],
        retry,
        handle: async (e) => void seen[group].push(e.id),
      });
    }
    await expectEventually(() => (seen.fulfilment.length === 40 && seen.backoffice.length === 40 ? true : undefined));
    expect(seen.fulfilment).toEqual(events.map((e) => e.id));
    expect(seen.backoffice).toEqual(events.map((e) => e.id));
  });

  it('retries a failing handler with back-off, then dead-letters the event and keeps going', async () => {
    const bus = await transport();
    const poison = sampleEvent();
    const healthy = sampleEvent();
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    await bus.subscribe({
      group: 'dlq-group',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (event: DsarEvent) => {
        attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
        if (event.id === poison.id) throw new Error('system unavailable');
        handled.push(event.id);
      },
    });
    await bus.publish([asMessage(poison), asMessage(healthy)]);
    await expectEventually(() => (handled.includes(healthy.id) ? true : undefined));
    expect(attempts.get(poison.id)).toBe(3);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT key, value, headers FROM messaging.events WHERE topic = $1', [
      deadLetterTopic('dlq-group'),
    ]);
    await client.end();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].value).id).toBe(poison.id);
    expect(rows[0].headers).toMatchObject({
      'dlq-attempts': '3',
      'dlq-reason': 'Error: system unavailable',
      'dlq-original-topic': topicOf(EventTypes.CollectionTaskRequested),
    });
    // What /metrics shows: nothing left once the position is stored, one dead letter.
    await expectEventually(async () => ((await bus.backlog('dlq-group'))?.lag === 0 ? true : undefined));
    expect(await bus.backlog('dlq-group')).toEqual({ lag: 0, deadLetters: 1 });
    expect(await bus.backlog('not-consumed-here')).toBeUndefined();
  });

  it('dead-letters a malformed event without calling the handler', async () => {
    const bus = await transport();
    const handled: string[] = [];
    await bus.subscribe({
      group: 'malformed-group',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (e) => void handled.push(e.id),
    });
    const good = sampleEvent();
    await bus.publish([
      { topic: topicOf(EventTypes.CollectionTaskRequested), key: good.subject, value: '{"not":"an event"}' },
      asMessage(good),
    ]);
    await expectEventually(() => (handled.includes(good.id) ? true : undefined));
    // A new group reads the topic from its start, earlier tests' events included.
    expect(handled.filter((id) => id === good.id)).toHaveLength(1);
  });

  it('resumes after a restart from the last committed position, without skipping or repeating', async () => {
    const first = await transport();
    const seen: string[] = [];
    const events = Array.from({ length: 6 }, () => sampleEvent());
    const ours = new Set(events.map((e) => e.id));
    const record = async (e: DsarEvent) => void (ours.has(e.id) && seen.push(e.id));
    await first.subscribe({ group: 'resume-group', topics: [topicOf(EventTypes.CollectionTaskRequested)], retry, handle: record });
    await first.publish(events.slice(0, 3).map(asMessage));
    await expectEventually(() => (seen.length === 3 ? true : undefined));
    await first.stop();
    transports.splice(transports.indexOf(first), 1);

    const second = await transport();
    await second.publish(events.slice(3).map(asMessage));
    await second.subscribe({ group: 'resume-group', topics: [topicOf(EventTypes.CollectionTaskRequested)], retry, handle: record });
    await expectEventually(() => (seen.length === 6 ? true : undefined));
    expect(seen).toEqual(events.map((e) => e.id));
  });

  it('redrives dead-lettered events once the cause is fixed, and only once', async () => {
    // A database of its own: earlier tests left a malformed event on this topic.
    const own = await createTestDatabase('redrive');
    const bus = new PostgresTransport({ url: own.url, log: recordingLogger(), pollIntervalMs: 200 });
    transports.push(bus);
    await bus.start();
    const event = sampleEvent();
    let broken = true;
    const handled: string[] = [];
    await bus.subscribe({
      group: 'redrive-group',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (e) => {
        if (e.id !== event.id) return;
        if (broken) throw new Error('downstream outage');
        handled.push(e.id);
      },
    });
    await bus.publish([asMessage(event)]);
    const dlqCount = async () => {
      const client = new Client({ connectionString: own.url });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM messaging.events WHERE topic = $1', [
        deadLetterTopic('redrive-group'),
      ]);
      await client.end();
      return rows[0].n as number;
    };
    await expectEventually(async () => ((await dlqCount()) === 1 ? true : undefined));

    broken = false;
    const first = await redrivePostgresDeadLetters({ url: own.url, group: 'redrive-group', log: recordingLogger() });
    expect(first).toEqual({ group: 'redrive-group', redriven: 1, byTopic: { [topicOf(EventTypes.CollectionTaskRequested)]: 1 } });
    await expectEventually(() => (handled.includes(event.id) ? true : undefined));
    const second = await redrivePostgresDeadLetters({ url: own.url, group: 'redrive-group', log: recordingLogger() });
    expect(second.redriven).toBe(0);
    await bus.stop();
    transports.splice(transports.indexOf(bus), 1);
    await own.drop();
  });
});
