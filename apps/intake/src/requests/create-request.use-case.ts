import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEvent, EventTypes } from '@dsar/contracts';
import { gdprDueDate, newRequestReference, RequestStatus } from '@dsar/domain';
import { Outbox } from '@dsar/messaging';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreatedRequestDto, CreateRequestDto } from './dto/create-request.dto';
import { RequestEntity } from './request.entity';
import { IntakeConfig } from '../intake.config';

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Records a request and its `received` event in one transaction. */
@Injectable()
export class CreateRequestUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(IntakeConfig) private readonly config: IntakeConfig,
  ) {}

  async execute(input: CreateRequestDto, now = new Date()): Promise<CreatedRequestDto> {
    const trackingToken = randomBytes(24).toString('base64url');
    const { dueAt, rule } = gdprDueDate(now);
    const request = Object.assign(new RequestEntity(), {
      id: randomUUID(),
      reference: newRequestReference(),
      controllerId: this.config.CONTROLLER_ID,
      type: input.type,
      channel: 'api' as const,
      status: RequestStatus.AwaitingVerification,
      subjectEmail: input.email.trim().toLowerCase(),
      language: input.language ?? 'en',
      receivedAt: now,
      dueAt,
      dueRule: rule,
      trackingTokenHash: sha256(trackingToken),
    });
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(RequestEntity, request);
      await this.outbox.add(
        manager,
        createEvent({
          type: EventTypes.RequestReceived,
          source: 'dsar/intake',
          subject: request.id,
          controllerId: request.controllerId,
          data: {
            requestId: request.id,
            reference: request.reference,
            requestType: request.type,
            channel: request.channel,
            receivedAt: request.receivedAt.toISOString(),
            dueAt: request.dueAt.toISOString(),
            dueRule: request.dueRule,
            subjectEmail: request.subjectEmail,
            language: request.language,
          },
        }),
      );
    });
    return {
      id: request.id,
      reference: request.reference,
      trackingToken,
      status: request.status,
      dueAt: request.dueAt.toISOString(),
      dueRule: request.dueRule,
    };
  }
}
