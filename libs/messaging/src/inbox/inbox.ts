import { DsarEvent } from '@dsar/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Records that a consumer applied an event, in the transaction of its effects. Returns
 * false when the event was applied before: the caller then does nothing.
 */
export async function claimInboxEntry(manager: EntityManager, schema: string, consumer: string, event: DsarEvent): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO "${schema}".inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, event.id, event.type],
  );
  return rows.length === 1;
}

export type TransactionalHandler = (event: DsarEvent, manager: EntityManager) => Promise<void>;

/** Wraps a handler so that it runs once per event id, in one transaction with the inbox entry. */
export function idempotent(dataSource: DataSource, schema: string, consumer: string, handler: TransactionalHandler) {
  return (event: DsarEvent): Promise<void> =>
    dataSource.transaction(async (manager) => {
      if (await claimInboxEntry(manager, schema, consumer, event)) {
        await handler(event, manager);
      }
    });
}
