import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ActiveStatus, LifecycleStatus } from '@dsar/domain';
import { DataSource, QueryFailedError } from 'typeorm';
import { CreateRequestDto } from '../requests/dto/create-request.dto';
import { CreateRequestUseCase } from '../requests/create-request.use-case';
import { RequestLifecycleService } from '../requests/request-lifecycle.service';
import { RequestEntity } from '../requests/request.entity';
import {
  OpenDsrCancelOutcome,
  OpenDsrCreateInput,
  OpenDsrCreateResult,
  OpenDsrRequestGateway,
  OpenDsrRequestState,
  OpenDsrSubjectRequestType,
} from '../opendsr';

/** What an OpenDSR request type means on the platform: OpenDSR carries no details. */
const DETAILS: Record<OpenDsrSubjectRequestType, Record<string, unknown>> = {
  access: { scope: 'all' },
  portability: { formats: ['json', 'csv'] },
  // OpenDSR states no ground; the DPO assesses the request like any erasure.
  erasure: { scope: 'all', ground: 'no-longer-necessary' },
};

const PENDING: ActiveStatus[] = ['received', 'awaiting-verification', 'verified'];

interface Mapping {
  request_id: string;
  fingerprint: string;
}

/**
 * The OpenDSR endpoints on the platform's own lifecycle: a create is a request received
 * through the `opendsr` channel (same validation, deadlines, audit trail, duplicate
 * joining); status and cancel read and move the same request.
 */
@Injectable()
export class PlatformOpenDsrGateway extends OpenDsrRequestGateway {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly createRequest: CreateRequestUseCase,
    private readonly lifecycle: RequestLifecycleService,
  ) {
    super();
  }

  async create(input: OpenDsrCreateInput): Promise<OpenDsrCreateResult> {
    const known = await this.mappingOf(input.controllerId, input.subjectRequestId);
    if (known) return this.replay(known, input.requestFingerprint);

    const email = input.subjectIdentities.find((identity) => identity.type === 'email' && identity.format === 'raw')?.value;
    if (!email) throw new BadRequestException('An email identity in raw format is required');
    const body = Object.assign(new CreateRequestDto(), {
      controllerId: input.controllerId,
      type: input.requestType,
      details: DETAILS[input.requestType],
      subject: { email },
    });
    const now = new Date();
    const receivedAt = input.submittedTime.getTime() < now.getTime() ? input.submittedTime : now;
    const { response } = await this.createRequest.execute({ body, channel: 'opendsr', receivedAt });
    try {
      await this.dataSource.query(
        `INSERT INTO intake.opendsr_requests (controller_id, subject_request_id, request_id, fingerprint, callback_urls, api_version)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          input.controllerId,
          input.subjectRequestId,
          response.id,
          input.requestFingerprint,
          JSON.stringify(input.callbackUrls),
          input.apiVersion,
        ],
      );
    } catch (error) {
      // The same subject_request_id sent twice at once: the first mapping stands.
      const raced = error instanceof QueryFailedError && (error as { code?: string }).code === '23505';
      const mapping = raced ? await this.mappingOf(input.controllerId, input.subjectRequestId) : undefined;
      if (!mapping) throw error;
      return this.replay(mapping, input.requestFingerprint);
    }
    const request = await this.dataSource.manager.findOneByOrFail(RequestEntity, { id: response.id });
    return { outcome: 'created', requestId: request.id, receivedAt: request.receivedAt, expectedCompletionAt: request.dueAt };
  }

  async status(subjectRequestId: string, controllerId: string): Promise<OpenDsrRequestState | undefined> {
    const mapping = await this.mappingOf(controllerId, subjectRequestId);
    if (!mapping) return undefined;
    const request = await this.dataSource.manager.findOneByOrFail(RequestEntity, { id: mapping.request_id });
    return { status: request.status, expectedCompletionAt: request.dueAt };
  }

  async cancel(subjectRequestId: string, controllerId: string): Promise<OpenDsrCancelOutcome> {
    const mapping = await this.mappingOf(controllerId, subjectRequestId);
    if (!mapping) return 'not-found';
    return this.dataSource.transaction(async (manager) => {
      const request = await manager.findOneOrFail(RequestEntity, {
        where: { id: mapping.request_id },
        lock: { mode: 'pessimistic_write' },
      });
      if (request.status === 'cancelled') return 'cancelled';
      const pending =
        PENDING.includes(request.status as ActiveStatus) ||
        (request.status === 'paused' && PENDING.includes(request.pausedFrom as ActiveStatus));
      if (!pending) return 'not-cancellable';
      await this.lifecycle.decide(
        manager,
        request,
        { kind: 'cancel' },
        { kind: 'requester', id: `opendsr:${controllerId}` },
        { reason: 'cancelled-by-controller' },
      );
      return 'cancelled';
    });
  }

  private async mappingOf(controllerId: string, subjectRequestId: string): Promise<Mapping | undefined> {
    const rows: Mapping[] = await this.dataSource.query(
      'SELECT request_id, fingerprint FROM intake.opendsr_requests WHERE controller_id = $1 AND subject_request_id = $2',
      [controllerId, subjectRequestId],
    );
    return rows[0];
  }

  private async replay(mapping: Mapping, fingerprint: string): Promise<OpenDsrCreateResult> {
    if (mapping.fingerprint !== fingerprint) return { outcome: 'conflict' };
    const request = await this.dataSource.manager.findOneByOrFail(RequestEntity, { id: mapping.request_id });
    return { outcome: 'duplicate', requestId: request.id, receivedAt: request.receivedAt, expectedCompletionAt: request.dueAt };
  }
}

export type { LifecycleStatus };
