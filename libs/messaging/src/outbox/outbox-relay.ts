import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EventTransport, MessagingLogger } from '../transport';
import { outboxChannel } from './outbox';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  transport: EventTransport;
  log: MessagingLogger;
  /** Connection URL for the LISTEN connection. */
  url: string;
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * Moves committed outbox rows to the transport, oldest first, and deletes them once the
 * transport acknowledged them. A crash between the two republishes the batch; consumers'
 * inboxes absorb the duplicate. One relay per schema works at a time (advisory lock),
 * which keeps per-request order across replicas.
 */
export class OutboxRelay {
  private listener?: Client;
  private loop?: Promise<void>;
  private wake?: () => void;
  private stopping = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.listener = new Client({ connectionString: this.options.url, application_name: `dsar-relay-${this.options.schema}` });
    this.listener.on('error', (error) => this.options.log.warn({ reason: error.message }, 'outbox listener error'));
    await this.listener.connect();
    this.listener.on('notification', () => this.wake?.());
    await this.listener.query(`LISTEN ${outboxChannel(this.options.schema)}`);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    await this.listener?.end();
  }

  /** Publishes one batch; returns how many events left the outbox. */
  async relayOnce(): Promise<number> {
    const { dataSource, schema, transport } = this.options;
    return dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`dsar-outbox:${schema}`]);
      if (!locked) return 0;
      const rows: { seq: string; topic: string; key: string; value: string }[] = await manager.query(
        `SELECT seq, topic, key, value FROM "${schema}".outbox ORDER BY seq LIMIT $1`,
        [this.options.batchSize ?? 100],
      );
      if (rows.length === 0) return 0;
      await transport.publish(rows.map(({ topic, key, value }) => ({ topic, key, value })));
      await manager.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let relayed = 0;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.log.warn(
          { schema: this.options.schema, failures, reason: (error as Error).message },
          'outbox relay failed; will retry',
        );
      }
      if (relayed === 0 && !this.stopping) {
        await this.sleep(failures > 0 ? Math.min(500 * 2 ** failures, 10_000) : (this.options.pollIntervalMs ?? 1_000));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
