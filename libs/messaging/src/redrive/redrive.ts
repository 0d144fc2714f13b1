import { deadLetterTopic } from '@dsar/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { KafkaTransport } from '../kafka/kafka-transport';
import { PostgresTransport } from '../postgres/postgres-transport';
import { MessagingLogger } from '../transport';

export interface RedriveReport {
  group: string;
  redriven: number;
  byTopic: Record<string, number>;
}

const ORIGINAL_TOPIC = 'dlq-original-topic';

/**
 * Sends the events a consumer group dead-lettered back to their original topics, once
 * the cause is fixed. The group's inbox still applies each event once: events it had
 * applied before failing are skipped, the others are handled again.
 */
export async function redrivePostgresDeadLetters(options: {
  url: string;
  group: string;
  log: MessagingLogger;
  dryRun?: boolean;
}): Promise<RedriveReport> {
  const client = new Client({ connectionString: options.url });
  await client.connect();
  const transport = new PostgresTransport({ url: options.url, log: options.log });
  await transport.start();
  const report: RedriveReport = { group: options.group, redriven: 0, byTopic: {} };
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS messaging.redriven (seq bigint PRIMARY KEY, redriven_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query(
      `SELECT e.seq, e.key, e.value, e.headers FROM messaging.events e
       WHERE e.topic = $1 AND NOT EXISTS (SELECT 1 FROM messaging.redriven r WHERE r.seq = e.seq) ORDER BY e.seq`,
      [deadLetterTopic(options.group)],
    );
    for (const row of rows) {
      const topic = row.headers?.[ORIGINAL_TOPIC];
      if (typeof topic !== 'string') continue;
      report.byTopic[topic] = (report.byTopic[topic] ?? 0) + 1;
      report.redriven++;
      if (options.dryRun) continue;
      await transport.publish([{ topic, key: row.key, value: row.value, headers: { 'dlq-redriven-from': String(row.seq) } }]);
      await client.query('INSERT INTO messaging.redriven (seq) VALUES ($1) ON CONFLICT DO NOTHING', [row.seq]);
    }
  } finally {
    await transport.stop();
    await client.end();
  }
  return report;
}

export async function redriveKafkaDeadLetters(options: {
  brokers: string[];
  prefix?: string;
  group: string;
  log: MessagingLogger;
  dryRun?: boolean;
}): Promise<RedriveReport> {
  const prefix = options.prefix ?? '';
  const dlq = `${prefix}${deadLetterTopic(options.group)}`;
  const kafka = new Kafka({ clientId: 'dsar-dlq-redrive', brokers: options.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(dlq)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const report: RedriveReport = { group: options.group, redriven: 0, byTopic: {} };
  const pending = [...ends].filter(([, high]) => high > 0n);
  if (pending.length === 0) return report;

  const transport = new KafkaTransport({
    brokers: options.brokers,
    clientId: 'dsar-dlq-redrive',
    prefix,
    partitions: 1,
    replicationFactor: 1,
    log: options.log,
  });
  await transport.start();
  const consumer = kafka.consumer({ groupId: `${prefix}${options.group}.redrive` });
  await consumer.connect();
  await consumer.subscribe({ topics: [dlq], fromBeginning: true });
  const reached = new Set<number>();
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // Partitions already fully redriven by an earlier run count as reached at once.
  const committed = await (async () => {
    const a = kafka.admin();
    await a.connect();
    const offsets = await a.fetchOffsets({ groupId: `${prefix}${options.group}.redrive`, topics: [dlq] });
    await a.disconnect();
    return new Map(offsets[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
  })();
  for (const [partition, high] of ends) {
    const done = committed.get(partition) ?? 0n; // -1 when nothing was committed yet
    if ((done < 0n ? 0n : done) >= high) reached.add(partition);
  }
  if (reached.size === ends.size) finish();
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const topic = message.headers?.[ORIGINAL_TOPIC]?.toString();
      if (topic) {
        report.byTopic[topic] = (report.byTopic[topic] ?? 0) + 1;
        report.redriven++;
        if (!options.dryRun) {
          await transport.publish([
            {
              topic,
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              headers: { 'dlq-redriven-from': `${partition}:${message.offset}` },
            },
          ]);
        }
      }
      const next = BigInt(message.offset) + 1n;
      if (!options.dryRun) await consumer.commitOffsets([{ topic: dlq, partition, offset: next.toString() }]);
      if (next >= (ends.get(partition) ?? 0n)) reached.add(partition);
      if (reached.size === ends.size) finish();
    },
  });
  await finished;
  await consumer.disconnect();
  await transport.stop();
  return report;
}
