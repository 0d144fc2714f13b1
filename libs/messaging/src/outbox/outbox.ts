import { DsarEvent, validateEvent } from '@dsar/contracts';
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
    for (const event of events) {
      validateEvent(event);
      await manager.query(`INSERT INTO "${this.schema}".outbox (event_id, topic, key, value) VALUES ($1, $2, $3, $4)`, [
        event.id,
        event.type,
        event.subject,
        JSON.stringify(event),
      ]);
    }
    // Delivered to the relay's LISTEN only when the transaction commits.
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
  }
}
