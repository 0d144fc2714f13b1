import { SubjectSecretSealer } from '@dsar/auth';
import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { blobStoreProviders, ownerByColumn, PlatformModule, resourceOwners } from '@dsar/platform';
import { loadControllerProfiles } from '@dsar/profiles';
import { ChallengeEntity } from './challenges/challenge.entity';
import { ChallengeSender } from './challenges/challenge-sender';
import { IssueChallengeHandler } from './challenges/issue-challenge.handler';
import { ResendChallengeUseCase } from './challenges/resend-challenge.use-case';
import { VerificationController } from './challenges/verification.controller';
import { VerifyCodeUseCase } from './challenges/verify-code.use-case';
import { DocumentEntity } from './documents/document.entity';
import { UploadDocumentUseCase } from './documents/upload-document.use-case';
import { IdentifierMatchEntity } from './identifiers/identifier-match.entity';
import { IdentifierMatchReportedHandler } from './identifiers/identifier-match-reported.handler';
import { SubmitIdentifiersUseCase } from './identifiers/submit-identifiers.use-case';
import { IdentityConfig } from './identity.config';
import { CreateChallenges1760000000200 } from './migrations/1760000000200-create-challenges';
import { ChallengeSubject1760000000210 } from './migrations/1760000000210-challenge-subject';
import { Verifications1760000000220 } from './migrations/1760000000220-verifications';
import { VerificationLockout1760000000230 } from './migrations/1760000000230-verification-lockout';
import { InternalVerificationsController } from './staff/internal-verifications.controller';
import { internalSystemStrategies } from './staff/staff-strategies';
import { StaffVerificationsController } from './staff/staff-verifications.controller';
import { VerificationReviewUseCase } from './staff/verification-review.use-case';
import { VerificationSweeps } from './sweeps/verification-sweeps';
import { VerificationEntity, VerificationLogEntity } from './verifications/verification.entity';
import { PostMortemDesignationEntity, PostMortemDesignations } from './verifications/post-mortem-designations';
import { SUBJECT_SESSION, subjectSessionStrategy } from './verifications/subject-session';
import { VerificationPolicies } from './verifications/verification-policies';
import { VerificationProgress } from './verifications/verification-progress';

export const IDENTITY_ENTITIES = [
  ChallengeEntity,
  VerificationEntity,
  VerificationLogEntity,
  DocumentEntity,
  IdentifierMatchEntity,
  PostMortemDesignationEntity,
];
export const IDENTITY_MIGRATIONS = [
  MessagingTables1760000000000,
  CreateChallenges1760000000200,
  ChallengeSubject1760000000210,
  Verifications1760000000220,
  VerificationLockout1760000000230,
];

@Module({})
export class IdentityModule {
  static register(config: IdentityConfig): DynamicModule {
    const { profiles } = loadControllerProfiles(config.PROFILES_DIR);
    return {
      module: IdentityModule,
      imports: [
        PlatformModule.forService({
          service: 'identity',
          schema: 'identity',
          config,
          entities: IDENTITY_ENTITIES,
          migrations: IDENTITY_MIGRATIONS,
        }),
        // Larger uploads are refused with a 413 before they reach the use case.
        MulterModule.register({ limits: { fileSize: config.DOCUMENT_MAX_BYTES, files: 1, fields: 5 } }),
      ],
      controllers: [VerificationController, StaffVerificationsController, InternalVerificationsController],
      providers: [
        { provide: IdentityConfig, useValue: config },
        { provide: SubjectSecretSealer, useValue: new SubjectSecretSealer(config.SUBJECT_SECRET_KEY) },
        ...blobStoreProviders(config),
        { provide: VerificationPolicies, useValue: new VerificationPolicies(profiles) },
        resourceOwners({ verification: ownerByColumn(VerificationEntity, 'id'), request: ownerByColumn(VerificationEntity, 'requestId') }),
        VerificationProgress,
        PostMortemDesignations,
        ChallengeSender,
        IssueChallengeHandler,
        VerifyCodeUseCase,
        ResendChallengeUseCase,
        UploadDocumentUseCase,
        SubmitIdentifiersUseCase,
        IdentifierMatchReportedHandler,
        VerificationReviewUseCase,
        VerificationSweeps,
        ...internalSystemStrategies(config),
        { provide: SUBJECT_SESSION, useFactory: subjectSessionStrategy, inject: [getDataSourceToken()] },
      ],
    };
  }
}
