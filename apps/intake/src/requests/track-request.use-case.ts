import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hashToken } from '@dsar/auth';
import { nextStepForRequester } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { RequestStatusDto } from './dto/request-status.dto';
import { RequestLifecycleService } from './request-lifecycle.service';
import { RequestEntity, TrackingTokenEntity } from './request.entity';

const REFERENCE = /^DSAR-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

function notFound(): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request matches this reference and tracking token.');
}

/** Finds a request by reference and tracking token; an unknown reference and a wrong token answer alike. */
export async function findTrackedRequest(
  manager: EntityManager,
  reference: string,
  trackingToken: string | undefined,
  lock = false,
): Promise<RequestEntity> {
  if (!REFERENCE.test(reference) || !trackingToken || trackingToken.length > 200) throw notFound();
  const token = await manager.findOneBy(TrackingTokenEntity, { tokenHash: hashToken(trackingToken) });
  if (!token) throw notFound();
  const request = await manager.findOne(RequestEntity, {
    where: { id: token.requestId },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!request || request.reference !== reference) throw notFound();
  return request;
}

export function statusOf(request: RequestEntity): RequestStatusDto {
  return {
    reference: request.reference,
    type: request.type,
    status: request.status,
    ...(request.pauseCause ? { pauseCause: request.pauseCause } : {}),
    ...(request.rejectionReason ? { rejectionReason: request.rejectionReason } : {}),
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    dueRule: request.dueRule,
    dueBasis: request.dueBasis,
    nextStep: nextStepForRequester({ status: request.status, pauseCause: request.pauseCause ?? undefined }),
    authority: {
      name: request.authority?.name ?? '',
      country: request.authority?.country ?? '',
      ...(request.authority?.website ? { website: request.authority.website } : {}),
    },
  };
}

@Injectable()
export class TrackRequestUseCase {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(reference: string, trackingToken: string | undefined): Promise<RequestStatusDto> {
    return statusOf(await findTrackedRequest(this.dataSource.manager, reference, trackingToken));
  }
}

/** The requester withdraws their request; it ends cancelled, with its audit link. */
@Injectable()
export class CancelRequestUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: RequestLifecycleService,
  ) {}

  async execute(reference: string, trackingToken: string | undefined): Promise<RequestStatusDto> {
    return this.dataSource.transaction(async (manager) => {
      const request = await findTrackedRequest(manager, reference, trackingToken, true);
      await this.lifecycle.decide(
        manager,
        request,
        { kind: 'cancel' },
        { kind: 'requester', id: 'tracking-token' },
        { reason: 'cancelled-by-requester' },
      );
      return statusOf(request);
    });
  }
}
