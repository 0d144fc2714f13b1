import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { ownerByColumn, PlatformModule, resourceOwners } from '@dsar/platform';
import { BackofficeConfig } from './backoffice.config';
import { AlertEntity } from './alerts/alert.entity';
import { AlertProjector } from './alerts/alert.projector';
import { AlertsController } from './alerts/alerts.controller';
import { CreateRequestViews1760000000500 } from './migrations/1760000000500-create-request-views';
import { CreateAlerts1760000000510 } from './migrations/1760000000510-create-alerts';
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
          entities: [RequestViewEntity, AlertEntity],
          migrations: [MessagingTables1760000000000, CreateRequestViews1760000000500, CreateAlerts1760000000510],
        }),
        TypeOrmModule.forFeature([RequestViewEntity, AlertEntity]),
      ],
      controllers: [BackofficeRequestsController, AlertsController],
      providers: [
        RequestViewProjector,
        AlertProjector,
        resourceOwners({ request: ownerByColumn(RequestViewEntity, 'requestId'), alert: ownerByColumn(AlertEntity, 'id') }),
      ],
    };
  }
}
