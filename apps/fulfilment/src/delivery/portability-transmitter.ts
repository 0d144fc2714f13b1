import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditActor } from '@dsar/domain';
import { PLATFORM_LOGGER } from '@dsar/platform';
import { Readable } from 'node:stream';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { FulfilmentAudit } from '../audit/fulfilment-audit';
import { FulfilmentConfig } from '../fulfilment.config';
import { FulfilmentEntity, Transmission } from '../fulfilments/fulfilment.entity';
import { PackageAssembler } from './package-assembler';

const SYSTEM: AuditActor = { kind: 'system', id: 'portability-transmitter' };
const TIMEOUT_MS = 60_000;

/**
 * Sends portable packages straight to the controller the subject named (Art. 20(2)): the ZIP,
 * decrypted as it streams, POSTed to the endpoint; retried with back-off, every outcome audited.
 * One sender per package (the row is held with SKIP LOCKED while it is sent).
 */
@Injectable()
export class PortabilityTransmitter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assembler: PackageAssembler,
    private readonly audit: FulfilmentAudit,
    @Inject(FulfilmentConfig) private readonly config: FulfilmentConfig,
    @Inject(PLATFORM_LOGGER) private readonly log: Logger,
  ) {}

  async transmitDue(now: Date): Promise<number> {
    let count = 0;
    for (;;) {
      const sent = await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          `SELECT request_id FROM fulfilment.fulfilments
            WHERE kind = 'portability' AND status = 'completed' AND shredded_at IS NULL
              AND transmission->>'status' = 'pending' AND (transmission->>'nextAttemptAt')::timestamptz <= $1
            ORDER BY request_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now],
        )) as { request_id: string }[];
        if (!row) return false;
        const fulfilment = await manager.findOneByOrFail(FulfilmentEntity, { requestId: row.request_id });
        const transmission = { ...fulfilment.transmission! };
        const error = await this.send(fulfilment, transmission);
        transmission.attempts += 1;
        if (!error) {
          Object.assign(transmission, { status: 'transmitted', transmittedAt: now.toISOString() });
          delete transmission.lastError;
        } else {
          const backoffMs = Math.min(3_600_000, 60_000 * 2 ** (transmission.attempts - 1));
          Object.assign(transmission, {
            status: transmission.attempts >= this.config.PORTABILITY_MAX_ATTEMPTS ? 'failed' : 'pending',
            nextAttemptAt: new Date(now.getTime() + backoffMs).toISOString(),
            lastError: error,
          });
        }
        await manager.update(FulfilmentEntity, { requestId: fulfilment.requestId }, { transmission });
        await this.audit.record(manager, fulfilment.requestId, SYSTEM, error ? 'transmission-failed' : 'transmitted-to-controller', now, {
          details: { controllerName: transmission.controllerName, attempts: transmission.attempts, ...(error ? { error } : {}) },
        });
        return true;
      });
      if (!sent) return count;
      count++;
    }
  }

  /** Returns why the sending failed (an HTTP status or an error code), or undefined once the endpoint took it. */
  private async send(fulfilment: FulfilmentEntity, transmission: Transmission): Promise<string | undefined> {
    try {
      const content = await this.assembler.open(fulfilment.packageKey!, fulfilment.wrappedKey!);
      const response = await fetch(transmission.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/zip',
          'content-length': String(fulfilment.packageSize),
          digest: `sha-256=${Buffer.from(fulfilment.packageSha256!, 'hex').toString('base64')}`,
          ...(fulfilment.reference ? { 'x-dsar-reference': fulfilment.reference } : {}),
        },
        body: Readable.toWeb(content) as ReadableStream,
        duplex: 'half',
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      } as RequestInit);
      await response.body?.cancel();
      return response.ok ? undefined : `http-${response.status}`;
    } catch (error) {
      const code = (error as { cause?: { code?: string }; name?: string }).cause?.code ?? (error as Error).name ?? 'error';
      this.log.warn({ requestId: fulfilment.requestId, code }, 'portability transmission failed');
      return String(code).slice(0, 100);
    }
  }
}
