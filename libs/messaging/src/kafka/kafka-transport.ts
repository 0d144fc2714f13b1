import { ALL_TOPICS, deadLetterTopic } from '@dsar/contracts';
import { Admin, Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliver } from '../delivery';
import { Backlog, EventTransport, MessagingLogger, OutgoingMessage, Subscription } from '../transport';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and group name; isolates test runs on a shared broker. */
  prefix?: string;
  partitions: number;
  replicationFactor: number;
  sessionTimeoutMs?: number;
  log: MessagingLogger;
}

/**
 * Kafka transport: an idempotent producer, one consumer group per service, offsets
 * committed by hand once the handler (and so its database transaction) succeeded.
 */
export class KafkaTransport implements EventTransport {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private readonly prefix: string;
  private admin?: Admin;
  private producer?: Producer;
  private readonly consumers: Consumer[] = [];
  /** The topics each group consumes here (prefixed names), for its backlog. */
  private readonly subscribed = new Map<string, string[]>();
  private stopping = false;

  constructor(private readonly options: KafkaTransportOptions) {
    this.prefix = options.prefix ?? '';
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 300 },
    });
  }

  async start(): Promise<void> {
    await this.withStartupRetries('start', async () => {
      this.admin ??= this.kafka.admin();
      await this.admin.connect();
      await this.ensureTopics(ALL_TOPICS.map((topic) => this.topicName(topic)));
      this.producer ??= this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await this.producer.connect();
    });
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (!this.producer) throw new Error('Kafka transport is not started');
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const topic = this.topicName(message.topic);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic,
        messages: batch.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  async subscribe(subscription: Subscription): Promise<void> {
    const group = this.prefix + subscription.group;
    const topics = subscription.topics.map((t) => this.topicName(t));
    const consumer = this.kafka.consumer({
      groupId: group,
      allowAutoTopicCreation: false,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
    });
    this.consumers.push(consumer);
    this.subscribed.set(subscription.group, topics);
    await this.withStartupRetries(`subscribe ${subscription.group}`, async () => {
      await this.ensureTopics([...topics, this.topicName(deadLetterTopic(subscription.group))]);
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
    });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const outcome = await deliver({
          group: subscription.group,
          topic: this.unprefixed(topic),
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          retry: subscription.retry,
          log: this.options.log,
          handle: (event) => subscription.handle(event),
          deadLetter: (dead) => this.publish([dead]),
          keepAlive: heartbeat,
          isStopping: () => this.stopping,
        });
        if (outcome === 'interrupted') {
          throw new Error('consumer stopping: event left uncommitted for redelivery');
        }
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
  }

  async backlog(group: string): Promise<Backlog | undefined> {
    const topics = this.subscribed.get(group);
    if (!topics || !this.admin) return undefined;
    const admin = this.admin;
    const committed = await admin.fetchOffsets({ groupId: this.prefix + group, topics });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const end of ends) {
        const from = done.get(end.partition) ?? -1;
        lag += Number(end.high) - (from < 0 ? Number(end.low) : from);
      }
    }
    const deadLetters = (await admin.fetchTopicOffsets(this.topicName(deadLetterTopic(group)))).reduce(
      (sum, end) => sum + Number(end.high) - Number(end.low),
      0,
    );
    return { lag, deadLetters };
  }

  async ping(): Promise<void> {
    if (!this.admin) throw new Error('Kafka transport is not started');
    await this.admin.describeCluster();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  /**
   * A broker that has just started (or is creating the internal offsets topic) answers
   * some first requests with retriable errors; start-up waits them out, bounded.
   */
  private async withStartupRetries(what: string, action: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await action();
      } catch (error) {
        if (attempt >= 10 || this.stopping) throw error;
        this.options.log.warn({ what, attempt, reason: (error as Error).message }, 'Kafka not ready; retrying');
        await sleep(Math.min(500 * attempt, 3_000));
      }
    }
  }

  private topicName(topic: string): string {
    return this.prefix + topic;
  }

  private unprefixed(topic: string): string {
    return topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }

  /**
   * Creates missing topics and waits until every partition has a leader: a topic that
   * another replica is still creating exists before it can be served.
   */
  private async ensureTopics(topics: string[]): Promise<void> {
    const admin = this.admin;
    if (!admin) throw new Error('Kafka transport is not started');
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.options.partitions,
            replicationFactor: this.options.replicationFactor,
          })),
        });
      } catch (error) {
        // Another service creating the same topics at the same moment makes this fail with
        // "already exists" or "does not host this topic-partition"; the wait below decides.
        this.options.log.warn({ reason: (error as Error).message }, 'topic creation raced; waiting for the topics');
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (attempt >= 60) throw error;
      }
      if (attempt >= 60) throw new Error(`Kafka topics have no leader yet: ${topics.join(', ')}`);
      await sleep(500);
    }
  }
}
