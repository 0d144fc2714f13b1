import { SubjectSecretSealer } from '@dsar/auth';
import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { blobStoreProviders, createLogger, ownerByColumn, PlatformModule, queryGaugesProvider, resourceOwners } from '@dsar/platform';
import { formatProfileFinding, loadControllerProfiles } from '@dsar/profiles';
import { FulfilmentAudit } from './audit/fulfilment-audit';
import { PackageAssembler, REQUEST_KEY_CIPHER } from './delivery/package-assembler';
import { PortabilityTransmitter } from './delivery/portability-transmitter';
import { DownloadPackageUseCase } from './downloads/download-package.use-case';
import { DownloadsController } from './downloads/downloads.controller';
import { FulfilmentConfig } from './fulfilment.config';
import { FULFILMENT_ENTITIES, FulfilmentEntity } from './fulfilments/fulfilment.entity';
import { CreateFulfilments1760000000300 } from './migrations/1760000000300-create-fulfilments';
import { OrchestrateEveryRight1760000000310 } from './migrations/1760000000310-orchestrate-every-right';
import { PostMortemDirectives1760000000320 } from './migrations/1760000000320-post-mortem-directives';
import { FollowRequestLifecycle1760000000325 } from './migrations/1760000000325-follow-request-lifecycle';
import { DownloadLockout1760000000335 } from './migrations/1760000000335-download-lockout';
import { CollectionResultHandler } from './orchestration/collection-result.handler';
import { FulfilmentProgress } from './orchestration/fulfilment-progress';
import { FulfilmentStarter } from './orchestration/fulfilment-starter';
import { FulfilmentSweeper } from './orchestration/fulfilment-sweeper';
import { FollowRequestHandler } from './orchestration/follow-request.handler';
import { PackageCheckpoint } from './orchestration/package-checkpoint';
import { RequestKeyCipher } from './packages/request-key-cipher';
import { DirectivesRegistry } from './post-mortem/directives-registry';
import { PostMortemPlanner } from './post-mortem/post-mortem-planner';
import { ControllerProfiles } from './profiles/controller-profiles';
import { ReviewReplyUseCase } from './review/review-reply.use-case';
import { ReviewController } from './review/review.controller';
import { COLLECTION_GAUGES } from './orchestration/collection-metrics';

@Module({})
export class FulfilmentModule {
  static register(config: FulfilmentConfig): DynamicModule {
    // Profiles are checked before anything starts: a bad one stops the service with its file and line.
    const { profiles, warnings } = loadControllerProfiles(config.PROFILES_DIR);
    const log = createLogger('fulfilment', config.LOG_LEVEL);
    for (const warning of warnings) log.debug({ controllerId: warning.controllerId, code: warning.code }, formatProfileFinding(warning));
    return {
      module: FulfilmentModule,
      imports: [
        PlatformModule.forService({
          service: 'fulfilment',
          schema: 'fulfilment',
          config,
          entities: FULFILMENT_ENTITIES,
          migrations: [
            MessagingTables1760000000000,
            CreateFulfilments1760000000300,
            OrchestrateEveryRight1760000000310,
            PostMortemDirectives1760000000320,
            FollowRequestLifecycle1760000000325,
            DownloadLockout1760000000335,
          ],
        }),
      ],
      controllers: [DownloadsController, ReviewController],
      providers: [
        queryGaugesProvider(COLLECTION_GAUGES),
        resourceOwners({ fulfilment: ownerByColumn(FulfilmentEntity, 'requestId') }),
        { provide: FulfilmentConfig, useValue: config },
        { provide: SubjectSecretSealer, useValue: new SubjectSecretSealer(config.SUBJECT_SECRET_KEY) },
        ...blobStoreProviders(config),
        { provide: REQUEST_KEY_CIPHER, useValue: new RequestKeyCipher(Buffer.from(config.STORAGE_MASTER_KEY, 'base64')) },
        { provide: ControllerProfiles, useValue: new ControllerProfiles(profiles) },
        FulfilmentAudit,
        PackageAssembler,
        FulfilmentProgress,
        DirectivesRegistry,
        PostMortemPlanner,
        FulfilmentStarter,
        PackageCheckpoint,
        FollowRequestHandler,
        CollectionResultHandler,
        PortabilityTransmitter,
        FulfilmentSweeper,
        DownloadPackageUseCase,
        ReviewReplyUseCase,
      ],
    };
  }
}
