import { deadLetterTopic, DsarEvent, EventTypes, Topics, topicOf, topicsOf } from '@dsar/contracts';
import { asMessage, expectEventually, kafkaBrokers, recordingLogger, sampleEvent, sampleResult, uniqueKafkaPrefix } from '@dsar/testing';
import { Kafka, logLevel } from 'kafkajs';
import { redriveKafkaDeadLetters } from '../redrive/redrive';
import { KafkaTransport } from './kafka-transport';

const retry = { maxAttempts: 3, initialBackoffMs: 20, maxBackoffMs: 50 };

describe('KafkaTransport (real Kafka)', () => {
  const transports: KafkaTransport[] = [];
  let prefix: string;

  async function transport(): Promise<KafkaTransport> {
    const t = new KafkaTransport({
      brokers: kafkaBrokers(),
      clientId: 'test',
      prefix,
      partitions: 3,
      replicationFactor: 1,
      log: recordingLogger(),
    });
    transports.push(t);
    await t.start();
    return t;
  }

  beforeEach(() => {
    prefix = uniqueKafkaPrefix('kafka');
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((t) => t.stop()));
  });

  it('creates the topics at start-up with the configured partitions', async () => {
    await transport();
    const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [`${prefix}${Topics.RequestEvents}`] });
    await admin.disconnect();
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('keeps one request’s events in order, keyed by request id, across partitions', async () => {
    const bus = await transport();
    const requests = [sampleEvent().subject, sampleEvent().subject, sampleEvent().subject];
    const events = Array.from({ length: 30 }, (_, i) => sampleEvent(requests[i % 3]));
    for (const event of events) await bus.publish([asMessage(event)]);
    const seen: DsarEvent[] = [];
    await bus.subscribe({
      group: 'ordering',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (e) => void seen.push(e),
    });
    await expectEventually(() => (seen.length === 30 ? true : undefined), { timeoutMs: 60_000 });
    for (const requestId of requests) {
      expect(seen.filter((e) => e.subject === requestId).map((e) => e.id)).toEqual(
        events.filter((e) => e.subject === requestId).map((e) => e.id),
      );
    }
  });

  it('keeps one request’s events of different types in their order: a result never overtakes its task', async () => {
    const bus = await transport();
    const requests = [sampleEvent().subject, sampleEvent().subject, sampleEvent().subject];
    // Per request: a task, then its result, ten times over, as fulfilment and a collector would emit them.
    const events = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? sampleEvent : sampleResult)(requests[Math.floor(i / 2) % 3]));
    for (const event of events) await bus.publish([asMessage(event)]);
    const seen: DsarEvent[] = [];
    const topics = topicsOf([EventTypes.CollectionTaskRequested, EventTypes.CollectionResultReported]);
    await bus.subscribe({ group: 'causal-order', topics, retry, handle: async (e) => void seen.push(e) });
    await expectEventually(() => (seen.length === 60 ? true : undefined), { timeoutMs: 60_000 });
    for (const requestId of requests) {
      expect(seen.filter((e) => e.subject === requestId).map((e) => `${e.type}:${e.id}`)).toEqual(
        events.filter((e) => e.subject === requestId).map((e) => `${e.type}:${e.id}`),
      );
    }
  });

  it('retries a failing event, moves it to the dead-letter topic, and keeps consuming', async () => {
    const bus = await transport();
    const poison = sampleEvent();
    const healthy = sampleEvent(poison.subject);
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    await bus.subscribe({
      group: 'failing',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (event) => {
        attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
        if (event.id === poison.id) throw new Error('collector down');
        handled.push(event.id);
      },
    });
    await bus.publish([asMessage(poison), asMessage(healthy)]);
    await expectEventually(() => (handled.includes(healthy.id) ? true : undefined), { timeoutMs: 60_000 });
    expect(attempts.get(poison.id)).toBe(3);

    const dead: { value: string; headers: Record<string, string> }[] = [];
    const reader = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).consumer({ groupId: `${prefix}dlq-reader` });
    await reader.connect();
    await reader.subscribe({ topics: [`${prefix}${deadLetterTopic('failing')}`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        dead.push({
          value: message.value!.toString(),
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    await expectEventually(() => (dead.length === 1 ? true : undefined), { timeoutMs: 60_000 });
    await reader.disconnect();
    expect(JSON.parse(dead[0].value).id).toBe(poison.id);
    expect(dead[0].headers).toMatchObject({ 'dlq-attempts': '3', 'dlq-reason': 'Error: collector down' });
    // What /metrics shows: nothing left to consume once the offsets are committed, one dead letter.
    await expectEventually(async () => ((await bus.backlog('failing'))?.lag === 0 ? true : undefined), { timeoutMs: 30_000 });
    expect(await bus.backlog('failing')).toEqual({ lag: 0, deadLetters: 1 });
    expect(await bus.backlog('not-consumed-here')).toBeUndefined();
  });

  it('commits an offset only after the handler succeeded: an unfinished event is redelivered after a restart', async () => {
    const first = await transport();
    const event = sampleEvent();
    let firstSawIt = false;
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    await first.subscribe({
      group: 'crashing',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async () => {
        firstSawIt = true;
        await blocked;
        throw new Error('process died before its transaction committed');
      },
    });
    await first.publish([asMessage(event)]);
    await expectEventually(() => (firstSawIt ? true : undefined), { timeoutMs: 60_000 });
    const stopping = first.stop();
    release();
    await stopping;
    transports.splice(transports.indexOf(first), 1);

    const second = await transport();
    const redelivered: string[] = [];
    await second.subscribe({
      group: 'crashing',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (e) => void redelivered.push(e.id),
    });
    await expectEventually(() => (redelivered.includes(event.id) ? true : undefined), { timeoutMs: 60_000 });
  });

  it('redrives the dead-letter topic to the original topic once the cause is fixed', async () => {
    const bus = await transport();
    const event = sampleEvent();
    let broken = true;
    const handled: string[] = [];
    await bus.subscribe({
      group: 'redrive',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry,
      handle: async (e) => {
        if (broken) throw new Error('downstream outage');
        handled.push(e.id);
      },
    });
    await bus.publish([asMessage(event)]);
    const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await expectEventually(
      async () => {
        const offsets = await admin.fetchTopicOffsets(`${prefix}${deadLetterTopic('redrive')}`);
        return offsets.some((o) => o.high !== '0') ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    await admin.disconnect();

    broken = false;
    const report = await redriveKafkaDeadLetters({ brokers: kafkaBrokers(), prefix, group: 'redrive', log: recordingLogger() });
    expect(report.redriven).toBe(1);
    await expectEventually(() => (handled.includes(event.id) ? true : undefined), { timeoutMs: 60_000 });
    const again = await redriveKafkaDeadLetters({ brokers: kafkaBrokers(), prefix, group: 'redrive', log: recordingLogger() });
    expect(again.redriven).toBe(0);
  });
});
