import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { createBlobStore, PlatformModule } from '@dsar/platform';
import { loadControllerProfiles } from '@dsar/profiles';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditTrail } from './audit/audit-trail';
import { IntakeConfig } from './intake.config';
import { CreateRequests1760000000100 } from './migrations/1760000000100-create-requests';
import { RequestLifecycle1760000000110 } from './migrations/1760000000110-request-lifecycle';
import { ControllerProfiles } from './profiles/controller-profiles.provider';
import { CreateRequestUseCase } from './requests/create-request.use-case';
import { IdempotencyKeys } from './requests/idempotency-keys';
import { rateLimits } from './requests/rate-limits';
import { RequestLifecycleService } from './requests/request-lifecycle.service';
import { RequestProgressHandler } from './requests/request-progress.handler';
import { PersonEntity, RequestEntity, TrackingTokenEntity } from './requests/request.entity';
import { RequestsController } from './requests/requests.controller';
import { CancelRequestUseCase, TrackRequestUseCase } from './requests/track-request.use-case';
import { INTAKE_BLOB_STORE, StaffRequestsController } from './staff/staff-requests.controller';

export const INTAKE_ENTITIES = [RequestEntity, PersonEntity, TrackingTokenEntity, AuditEntryEntity];
export const INTAKE_MIGRATIONS = [MessagingTables1760000000000, CreateRequests1760000000100, RequestLifecycle1760000000110];

@Module({})
export class IntakeModule {
  static register(config: IntakeConfig): DynamicModule {
    // Profiles are checked before anything starts: a bad one stops the service with its file and line.
    const { profiles } = loadControllerProfiles(config.PROFILES_DIR);
    return {
      module: IntakeModule,
      imports: [
        PlatformModule.forService({
          service: 'intake',
          schema: 'intake',
          config,
          entities: INTAKE_ENTITIES,
          migrations: INTAKE_MIGRATIONS,
        }),
        TypeOrmModule.forFeature(INTAKE_ENTITIES),
        rateLimits(config),
      ],
      controllers: [RequestsController, StaffRequestsController],
      providers: [
        { provide: IntakeConfig, useValue: config },
        { provide: ControllerProfiles, useValue: new ControllerProfiles(profiles) },
        { provide: INTAKE_BLOB_STORE, useValue: createBlobStore(config) },
        AuditTrail,
        IdempotencyKeys,
        RequestLifecycleService,
        CreateRequestUseCase,
        TrackRequestUseCase,
        CancelRequestUseCase,
        RequestProgressHandler,
      ],
    };
  }
}
