import { DsarEvent, EventType, topicOf, topicsOf } from '@dsar/contracts';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/**
 * For collector tests (real Kafka, never a mock): publishes events on a real Kafka broker as any producer would and
 * records every event of the watched types (read from their topics), under a per-suite topic prefix.
 */
export class EventProbe {
  readonly seen: DsarEvent[] = [];
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;

  constructor(
    brokers: string[],
    private readonly prefix: string,
  ) {
    this.kafka = new Kafka({ clientId: `probe-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
  }

  async start(watch: EventType[]): Promise<void> {
    const topics = topicsOf(watch).map((topic) => this.prefix + topic);
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
    await admin.disconnect();
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `${this.prefix}probe-${randomUUID().slice(0, 8)}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const event: DsarEvent = JSON.parse(message.value.toString());
        if (watch.includes(event.type)) this.seen.push(event);
      },
    });
  }

  async publish(...events: DsarEvent[]): Promise<void> {
    for (const event of events) {
      await this.producer!.send({
        topic: this.prefix + topicOf(event.type),
        messages: [{ key: event.subject, value: JSON.stringify(event) }],
      });
    }
  }

  of<T extends EventType>(type: T, where: (event: DsarEvent<T>) => boolean = () => true): DsarEvent<T>[] {
    return this.seen.filter((e): e is DsarEvent<T> => e.type === type && where(e as DsarEvent<T>));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
