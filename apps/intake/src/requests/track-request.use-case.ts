import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { nextStepForSubject } from '@dsar/domain';
import { ProblemException } from '@dsar/platform';
import { timingSafeEqual } from 'node:crypto';
import { Repository } from 'typeorm';
import { sha256 } from './create-request.use-case';
import { RequestStatusDto } from './dto/request-status.dto';
import { RequestEntity } from './request.entity';

/** The subject's view of their request; unknown id and wrong token answer alike. */
@Injectable()
export class TrackRequestUseCase {
  constructor(@InjectRepository(RequestEntity) private readonly requests: Repository<RequestEntity>) {}

  async execute(id: string, trackingToken: string | undefined): Promise<RequestStatusDto> {
    const request = await this.requests.findOneBy({ id });
    const presented = Buffer.from(sha256(trackingToken ?? ''), 'hex');
    const expected = Buffer.from(request?.trackingTokenHash ?? sha256('no-such-request'), 'hex');
    if (!request || !trackingToken || !timingSafeEqual(presented, expected)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'request-not-found', 'No request matches this id and tracking token.');
    }
    return {
      id: request.id,
      reference: request.reference,
      type: request.type,
      status: request.status,
      receivedAt: request.receivedAt.toISOString(),
      dueAt: request.dueAt.toISOString(),
      dueRule: request.dueRule,
      nextStep: nextStepForSubject(request.status),
    };
  }
}
