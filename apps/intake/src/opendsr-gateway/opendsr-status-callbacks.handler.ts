import { Inject, Injectable } from '@nestjs/common';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { LifecycleStatus } from '@dsar/domain';
import { OnEvent, PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { OpenDsrApiVersion, OpenDsrCallbackSender } from '../opendsr';

/**
 * Tells OpenDSR controllers of their requests' status changes through their callback
 * URLs (§8.5-8.6). Sending happens after the handler returns, so a slow or failing
 * callback endpoint never holds the event consumer; the sender retries with back-off.
 */
@Injectable()
export class OpenDsrStatusCallbacksHandler {
  constructor(
    private readonly sender: OpenDsrCallbackSender,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  @OnEvent(EventTypes.RequestStatusChanged)
  async handle(event: DsarEvent<typeof EventTypes.RequestStatusChanged>, manager: EntityManager): Promise<void> {
    const { data } = event;
    const rows: { controller_id: string; subject_request_id: string; callback_urls: string[]; api_version: OpenDsrApiVersion }[] =
      await manager.query(
        'SELECT controller_id, subject_request_id, callback_urls, api_version FROM intake.opendsr_requests WHERE request_id = $1',
        [data.requestId],
      );
    for (const row of rows) {
      if (row.callback_urls.length === 0) continue;
      const change = {
        subjectRequestId: row.subject_request_id,
        controllerId: row.controller_id,
        previousStatus: data.fromStatus === 'none' ? undefined : (data.fromStatus as LifecycleStatus),
        status: data.toStatus as LifecycleStatus,
        expectedCompletionAt: new Date(data.dueAt),
        apiVersion: row.api_version,
      };
      void this.sender.send(change, row.callback_urls).catch((error: unknown) => {
        this.log.warn({ requestId: data.requestId, reason: (error as Error).message }, 'OpenDSR status callback failed');
      });
    }
  }
}
