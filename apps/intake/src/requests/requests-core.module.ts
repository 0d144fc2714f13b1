import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ControllerProfile } from '@dsar/domain';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { AuditTrail } from '../audit/audit-trail';
import { IntakeConfig } from '../intake.config';
import { ControllerProfiles } from '../profiles/controller-profiles.provider';
import { CreateRequestUseCase } from './create-request.use-case';
import { IdempotencyKeys } from './idempotency-keys';
import { RequestLifecycleService } from './request-lifecycle.service';
import { PersonEntity, RequestEntity, TrackingTokenEntity } from './request.entity';
import { CancelRequestUseCase, TrackRequestUseCase } from './track-request.use-case';

export const INTAKE_ENTITIES = [RequestEntity, PersonEntity, TrackingTokenEntity, AuditEntryEntity];

const USE_CASES = [AuditTrail, IdempotencyKeys, RequestLifecycleService, CreateRequestUseCase, TrackRequestUseCase, CancelRequestUseCase];

/** The request use cases, shared by the public API, the staff API and the OpenDSR endpoints. */
@Module({})
export class RequestsCoreModule {
  static register(config: IntakeConfig, profiles: Map<string, ControllerProfile>): DynamicModule {
    return {
      module: RequestsCoreModule,
      imports: [TypeOrmModule.forFeature(INTAKE_ENTITIES)],
      providers: [
        { provide: IntakeConfig, useValue: config },
        { provide: ControllerProfiles, useValue: new ControllerProfiles(profiles) },
        ...USE_CASES,
      ],
      exports: [IntakeConfig, ControllerProfiles, ...USE_CASES],
    };
  }
}
