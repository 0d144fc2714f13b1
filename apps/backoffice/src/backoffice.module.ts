import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { BackofficeConfig } from './backoffice.config';
import { CreateRequestViews1760000000500 } from './migrations/1760000000500-create-request-views';
import { RequestViewEntity } from './requests/request-view.entity';
import { RequestViewProjector } from './requests/request-view.projector';
import { BackofficeRequestsController } from './requests/requests.controller';

@Module({})
export class BackofficeModule {
  static register(config: BackofficeConfig): DynamicModule {
    return {
      module: BackofficeModule,
      imports: [
        PlatformModule.forService({
          service: 'backoffice',
          schema: 'backoffice',
          config,
          entities: [RequestViewEntity],
          migrations: [MessagingTables1760000000000, CreateRequestViews1760000000500],
        }),
        TypeOrmModule.forFeature([RequestViewEntity]),
      ],
      controllers: [BackofficeRequestsController],
      providers: [RequestViewProjector],
    };
  }
}
