import { deadLetterTopic } from '@dsar/contracts';
import { Client, Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliver } from '../delivery';
import { Backlog, EventTransport, MessagingLogger, OutgoingMessage, Subscription } from '../transport';

export interface PostgresTransportOptions {
  url: string;
  log: MessagingLogger;
  /** Fallback poll interval when no notification arrives. */
  pollIntervalMs?: number;
  batchSize?: number;
}

const SCHEMA = 'messaging';
const CHANNEL = 'dsar_messaging_events';

/**
 * The event log of the embedded mode, in PostgreSQL: an append-only table read by
 * each consumer group from its stored position. Appends take a transaction-level
 * advisory lock, so sequence order is commit order and no reader can skip a row that
 * commits late. One reader per group at a time (a session advisory lock); others wait
 * as standbys, like Kafka consumers without a partition.
 */
export class PostgresTransport implements EventTransport {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly clients: Client[] = [];
  private readonly loops: Promise<void>[] = [];
  private readonly wakers = new Set<() => void>();
  /** The topics each group consumes here, for its backlog. */
  private readonly subscribed = new Map<string, string[]>();
  private stopping = false;

  constructor(private readonly options: PostgresTransportOptions) {
    this.pool = new Pool({ connectionString: options.url, max: 4, application_name: 'dsar-messaging' });
    // An idle connection the server closes (restart, admin command) must not crash the process.
    this.pool.on('error', (error) => options.log.warn({ reason: error.message }, 'messaging pool connection lost'));
  }

  async start(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', ['dsar-messaging-schema']);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
        CREATE TABLE IF NOT EXISTS ${SCHEMA}.events (
          seq bigserial PRIMARY KEY,
          topic text NOT NULL,
          key text NOT NULL,
          value text NOT NULL,
          headers jsonb NOT NULL DEFAULT '{}',
          appended_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS events_topic_seq ON ${SCHEMA}.events (topic, seq);
        CREATE TABLE IF NOT EXISTS ${SCHEMA}.consumer_positions (
          group_id text PRIMARY KEY,
          position bigint NOT NULL DEFAULT 0,
          updated_at timestamptz NOT NULL DEFAULT now()
        );`);
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['dsar-messaging-schema']);
    } finally {
      client.release();
    }
    const listener = await this.connectClient();
    listener.on('notification', () => this.wakers.forEach((wake) => wake()));
    await listener.query(`LISTEN ${CHANNEL}`);
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['dsar-messaging-append']);
      await client.query(
        `INSERT INTO ${SCHEMA}.events (topic, key, value, headers)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
        [
          messages.map((m) => m.topic),
          messages.map((m) => m.key),
          messages.map((m) => m.value),
          messages.map((m) => JSON.stringify(m.headers ?? {})),
        ],
      );
      await client.query(`SELECT pg_notify('${CHANNEL}', '')`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async subscribe(subscription: Subscription): Promise<void> {
    this.subscribed.set(subscription.group, subscription.topics);
    const lockHolder = await this.connectClient();
    this.loops.push(this.consume(subscription, lockHolder));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async backlog(group: string): Promise<Backlog | undefined> {
    const topics = this.subscribed.get(group);
    if (!topics) return undefined;
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM ${SCHEMA}.events e WHERE e.topic = ANY($2::text[])
                 AND e.seq > coalesce((SELECT position FROM ${SCHEMA}.consumer_positions WHERE group_id = $1), 0))::float AS lag,
              (SELECT count(*) FROM ${SCHEMA}.events WHERE topic = $3)::float AS dead_letters`,
      [group, topics, deadLetterTopic(group)],
    );
    return { lag: rows[0].lag, deadLetters: rows[0].dead_letters };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakers.forEach((wake) => wake());
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.clients.map((c) => c.end()));
    await this.pool.end();
  }

  private async connectClient(): Promise<Client> {
    const client = new Client({ connectionString: this.options.url, application_name: 'dsar-messaging' });
    client.on('error', (error) => this.options.log.warn({ reason: error.message }, 'messaging connection error'));
    await client.connect();
    this.clients.push(client);
    return client;
  }

  private async consume(subscription: Subscription, lockHolder: Client): Promise<void> {
    const { group } = subscription;
    // Waits while another process reads for this group.
    while (!this.stopping) {
      const { rows } = await lockHolder.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [`dsar-consumer:${group}`]);
      if (rows[0].locked) break;
      await sleep(1_000);
    }
    await this.pool.query(`INSERT INTO ${SCHEMA}.consumer_positions (group_id) VALUES ($1) ON CONFLICT DO NOTHING`, [group]);
    const { rows } = await this.pool.query(`SELECT position FROM ${SCHEMA}.consumer_positions WHERE group_id = $1`, [group]);
    let position = BigInt(rows[0].position);

    while (!this.stopping) {
      let fetched = 0;
      // The position is stored once per batch: a crash mid-batch redelivers the rest of it,
      // which the consumers' inboxes absorb, and one commit per batch instead of per event.
      const handledUpTo = position;
      try {
        const batch = await this.pool.query(
          `SELECT seq, topic, key, value FROM ${SCHEMA}.events
           WHERE seq > $1 AND topic = ANY($2::text[]) ORDER BY seq LIMIT $3`,
          [position.toString(), subscription.topics, this.options.batchSize ?? 100],
        );
        fetched = batch.rows.length;
        for (const row of batch.rows) {
          const outcome = await deliver({
            group,
            topic: row.topic,
            key: row.key,
            value: row.value,
            retry: subscription.retry,
            log: this.options.log,
            handle: (event) => subscription.handle(event),
            deadLetter: (dead) => this.publish([dead]),
            isStopping: () => this.stopping,
          });
          if (outcome === 'interrupted') break;
          position = BigInt(row.seq);
          if (this.stopping) break;
        }
      } catch (error) {
        // The database or the dead-letter append failed: keep what was handled, retry the rest.
        this.options.log.warn({ group, reason: (error as Error).message }, 'event consumer failed; retrying');
        await sleep(1_000);
      } finally {
        if (position !== handledUpTo) {
          await this.pool
            .query(`UPDATE ${SCHEMA}.consumer_positions SET position = $2, updated_at = now() WHERE group_id = $1`, [
              group,
              position.toString(),
            ])
            .catch(() => undefined); // not stored: the events are redelivered, and the inbox absorbs them
        }
      }
      if (this.stopping) return;
      if (fetched === 0) await this.waitForEvents();
    }
  }

  private waitForEvents(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.options.pollIntervalMs ?? 1_000);
      this.wakers.add(wake);
    });
  }
}
