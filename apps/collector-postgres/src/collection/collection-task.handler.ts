import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { BLOB_STORE, DsarEventHandler, HandlesEvents } from '@dsar/platform';
import { BlobStore } from '@dsar/storage';
import { Readable } from 'node:stream';
import { EntityManager } from 'typeorm';
import { PostgresExporter } from './postgres-exporter';
import { SystemMapping } from './system-mapping';

export const SYSTEM_MAPPINGS = Symbol('dsar:system-mappings');

/**
 * Exports the subject's records of a system this collector serves to the blob store
 * and reports a reference to them (claim-check). Tasks for other systems are ignored.
 */
@Injectable()
@HandlesEvents(EventTypes.CollectionTaskRequested)
export class CollectionTaskHandler implements DsarEventHandler {
  constructor(
    private readonly outbox: Outbox,
    private readonly exporter: PostgresExporter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(SYSTEM_MAPPINGS) private readonly systems: SystemMapping[],
  ) {}

  async handle(event: DsarEvent, manager: EntityManager): Promise<void> {
    const { data } = event as DsarEvent<typeof EventTypes.CollectionTaskRequested>;
    const system = this.systems.find((s) => s.id === data.systemId);
    if (!system) return;
    const counter = { records: 0 };
    const key = `exports/${data.requestId}/${data.systemId}/${data.taskId}.json`;
    const stored = await this.blobs.put(key, Readable.from(this.exporter.exportDocument(system, data.identities.email, counter)));
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.CollectionResultReported,
        source: `dsar/collector-postgres/${data.systemId}`,
        subject: data.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: {
          requestId: data.requestId,
          taskId: data.taskId,
          systemId: data.systemId,
          outcome: counter.records > 0 ? 'exported' : 'no-data',
          recordCount: counter.records,
          export: { key: stored.key, sha256: stored.sha256, size: stored.size },
        },
      }),
    );
  }
}
