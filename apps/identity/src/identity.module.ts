import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { ChallengeEntity } from './challenges/challenge.entity';
import { IssueChallengeHandler } from './challenges/issue-challenge.handler';
import { VerificationController } from './challenges/verification.controller';
import { VerifyCodeUseCase } from './challenges/verify-code.use-case';
import { IdentityConfig } from './identity.config';
import { CreateChallenges1760000000200 } from './migrations/1760000000200-create-challenges';
import { ChallengeSubject1760000000210 } from './migrations/1760000000210-challenge-subject';

@Module({})
export class IdentityModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        PlatformModule.forService({
          service: 'identity',
          schema: 'identity',
          config,
          entities: [ChallengeEntity],
          migrations: [MessagingTables1760000000000, CreateChallenges1760000000200, ChallengeSubject1760000000210],
        }),
      ],
      controllers: [VerificationController],
      providers: [{ provide: IdentityConfig, useValue: config }, IssueChallengeHandler, VerifyCodeUseCase],
    };
  }
}
