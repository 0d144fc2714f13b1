import { DynamicModule, Module } from '@nestjs/common';
import { CollectorSdkModule, CollectorTasks1760000000500 } from '@dsar/collector-sdk';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { HttpCollector } from './collection/http-collector';
import { loadHttpMappings } from './collection/http-mapping';
import { CollectorHttpConfig } from './collector-http.config';

@Module({})
export class CollectorHttpModule {
  static register(config: CollectorHttpConfig, env: Record<string, string | undefined> = process.env): DynamicModule {
    const collector = new HttpCollector(loadHttpMappings(config.COLLECTOR_MAPPING_FILE), env);
    return {
      module: CollectorHttpModule,
      imports: [
        PlatformModule.forService({
          service: 'collector-http',
          schema: 'collector_http',
          consumerGroup: config.COLLECTOR_ID,
          config,
          migrations: [MessagingTables1760000000000, CollectorTasks1760000000500],
        }),
        CollectorSdkModule.register({ service: 'collector-http', config, collector }),
      ],
    };
  }
}
