import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { IntakeConfig } from './intake.config';
import { CreateRequests1760000000100 } from './migrations/1760000000100-create-requests';
import { CreateRequestUseCase } from './requests/create-request.use-case';
import { RequestProgressHandler } from './requests/request-progress.handler';
import { RequestEntity } from './requests/request.entity';
import { RequestsController } from './requests/requests.controller';
import { TrackRequestUseCase } from './requests/track-request.use-case';

@Module({})
export class IntakeModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: IntakeModule,
      imports: [
        PlatformModule.forService({
          service: 'intake',
          schema: 'intake',
          config,
          entities: [RequestEntity],
          migrations: [MessagingTables1760000000000, CreateRequests1760000000100],
        }),
        TypeOrmModule.forFeature([RequestEntity]),
      ],
      controllers: [RequestsController],
      providers: [{ provide: IntakeConfig, useValue: config }, CreateRequestUseCase, TrackRequestUseCase, RequestProgressHandler],
    };
  }
}
