import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyStrategy, parseApiKeys } from '@dsar/auth';
import { ExternalTasks1760000000510, ExternalTasksModule } from '@dsar/collector-sdk';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { CollectorPushConfig } from './collector-push.config';
import { PushTasksController } from './push-tasks.controller';

/**
 * Internal systems that do the work themselves. Those that speak Kafka consume
 * dsar.collection.task-requested.v1 and publish dsar.collection.result-reported.v1 directly
 * (libs/collector-sdk/examples/push-collector); all of them upload exports here.
 */
@Module({})
export class CollectorPushModule {
  static register(config: CollectorPushConfig): DynamicModule {
    const systems = config.PUSH_SYSTEMS.split(',').filter(Boolean);
    return {
      module: CollectorPushModule,
      imports: [
        PlatformModule.forService({
          service: 'collector-push',
          schema: 'collector_push',
          consumerGroup: config.COLLECTOR_ID,
          config,
          migrations: [MessagingTables1760000000000, ExternalTasks1760000000510],
        }),
        ExternalTasksModule.register({
          via: 'push',
          service: 'collector-push',
          systems,
          maxExportBytes: config.PUSH_MAX_EXPORT_BYTES,
          config,
        }),
      ],
      controllers: [PushTasksController],
      providers: [{ provide: ApiKeyStrategy, useFactory: () => new ApiKeyStrategy(parseApiKeys(config.INTERNAL_API_KEYS)) }],
    };
  }
}
