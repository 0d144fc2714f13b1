import { DsarEvent, topicOf, validateEvent } from '@dsar/contracts';
import { EntityManager } from 'typeorm';

export function outboxChannel(schema: string): string {
  return `dsar_outbox_${schema}`;
}

/**
 * Stores events in the same transaction as the state change that causes them; the
 * relay publishes them after commit. Events are validated here, at the source.
 */
export class Outbox {
  constructor(private readonly schema: string) {}

  async add(manager: EntityManager, ...events: DsarEvent[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add must run inside the transaction of the state change');
    }
    if (events.length === 0) return;
    events.forEach((event) => validateEvent(event));
    // One statement for all the events, and the relay's wake-up, delivered only on commit.
    await manager.query(
      `WITH stored AS (
         INSERT INTO "${this.schema}".outbox (event_id, topic, key, value)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) RETURNING 1
       )
       SELECT pg_notify($5, '') FROM (SELECT count(*) FROM stored) AS done`,
      [
        events.map((e) => e.id),
        events.map((e) => topicOf(e.type)),
        events.map((e) => e.subject),
        events.map((e) => JSON.stringify(e)),
        outboxChannel(this.schema),
      ],
    );
  }
}
