import { Inject, Injectable } from '@nestjs/common';
import { createEvent, DsarEvent, EventTypes } from '@dsar/contracts';
import { Outbox } from '@dsar/messaging';
import { OnEvent, PLATFORM_LOGGER } from '@dsar/platform';
import { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { abortable } from './abortable';
import { Collector } from './collector';
import { publishableError } from './task-runner';
import { COLLECTOR, COLLECTOR_RUNTIME_OPTIONS, CollectorRuntimeOptions } from './tokens';

/**
 * Answers identity's question for one system: does a subject with this e-mail exist here, and
 * do all the given identifiers this system knows match? The answer never says which one differed.
 */
@Injectable()
export class IdentifierMatchHandler {
  constructor(
    private readonly outbox: Outbox,
    @Inject(COLLECTOR) private readonly collector: Collector,
    @Inject(COLLECTOR_RUNTIME_OPTIONS) private readonly options: CollectorRuntimeOptions,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  @OnEvent(EventTypes.IdentifierMatchRequested)
  async handle(event: DsarEvent<typeof EventTypes.IdentifierMatchRequested>, manager: EntityManager): Promise<void> {
    const query = event.data;
    if (!this.collector.systems.includes(query.systemId)) return;
    let outcome: 'matched' | 'not-matched' | 'failed';
    if (!this.collector.match) {
      outcome = 'failed';
    } else {
      const signal = AbortSignal.timeout(this.options.attemptTimeoutMs);
      try {
        outcome = (await abortable(this.collector.match(query, { signal, controllerId: event.controllerid }), signal))
          ? 'matched'
          : 'not-matched';
      } catch (error) {
        this.log.warn({ matchId: query.matchId, systemId: query.systemId, reason: publishableError(error) }, 'identifier match failed');
        outcome = 'failed';
      }
    }
    await this.outbox.add(
      manager,
      createEvent({
        type: EventTypes.IdentifierMatchReported,
        source: `dsar/${this.options.service}/${query.systemId}`,
        subject: query.requestId,
        controllerId: event.controllerid,
        correlationId: event.correlationid,
        data: { requestId: query.requestId, matchId: query.matchId, systemId: query.systemId, outcome },
      }),
    );
  }
}
