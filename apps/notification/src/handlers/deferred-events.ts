import { Injectable } from '@nestjs/common';
import { DsarEvent, EventType } from '@dsar/contracts';
import { DsarEventHandler } from '@dsar/platform';
import { EntityManager } from 'typeorm';
import { RequestNotYetKnownError } from './known-requests';

/**
 * Events about a request that arrive before its `received` event (another topic, consumed in
 * parallel on Kafka) are kept, in the consumer's transaction, and applied in their order of
 * arrival right after the `received` event, in its transaction — instead of being retried until
 * they land in the dead-letter topic when the `received` event lags.
 */
@Injectable()
export class DeferredEvents {
  private readonly handlers = new Map<EventType, DsarEventHandler>();

  /** A handler that may need its request to be known registers itself for the replay. */
  register(type: EventType, handler: DsarEventHandler): void {
    this.handlers.set(type, handler);
  }

  /**
   * Serialises, per request, the `received` event and the events that may wait for it, so that an
   * event deferred concurrently with the `received` event's transaction is never left behind.
   */
  async lockRequest(manager: EntityManager, requestId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('notification-request'), hashtext($1))`, [requestId]);
  }

  /** Runs `work`; when the request is not known yet, keeps the event for later instead. */
  async unlessUnknown(manager: EntityManager, event: DsarEvent, work: () => Promise<void>): Promise<void> {
    await this.lockRequest(manager, event.subject);
    try {
      await work();
    } catch (error) {
      if (!(error instanceof RequestNotYetKnownError)) throw error;
      await manager.query(
        `INSERT INTO notification.deferred_events (event_id, request_id, event) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING`,
        [event.id, event.subject, JSON.stringify(event)],
      );
    }
  }

  /** Applies, in order, the events kept for a request that has just become known. */
  async replay(manager: EntityManager, requestId: string): Promise<void> {
    const rows: { seq: string; event: DsarEvent }[] = await manager.query(
      'SELECT seq, event FROM notification.deferred_events WHERE request_id = $1 ORDER BY seq',
      [requestId],
    );
    if (rows.length === 0) return;
    await manager.query('DELETE FROM notification.deferred_events WHERE request_id = $1', [requestId]);
    for (const { event } of rows) {
      await this.handlers.get(event.type)?.handle(event, manager);
    }
  }
}
