import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CollectorSdkModule, CollectorTasks1760000000500 } from '@dsar/collector-sdk';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { loadControllerProfiles } from '@dsar/profiles';
import { Pool } from 'pg';
import { PostgresCollector } from './collection/postgres-collector';
import { loadSystemMappings } from './collection/system-mapping';
import { CollectorPostgresConfig } from './collector.config';

const SOURCE = Symbol('dsar:collector-postgres-source');

@Module({})
export class CollectorPostgresModule implements OnApplicationShutdown {
  constructor(@Inject(SOURCE) private readonly source: { pool: Pool; collector: PostgresCollector }) {}

  static register(config: CollectorPostgresConfig): DynamicModule {
    const systems = loadSystemMappings(config.COLLECTOR_MAPPING_FILE);
    const { profiles } = loadControllerProfiles(config.PROFILES_DIR);
    const pool = new Pool({ connectionString: config.SOURCE_DATABASE_URL, max: 4, application_name: 'dsar-collector' });
    const collector = new PostgresCollector(
      pool,
      systems,
      (controllerId) => (controllerId ? profiles.get(controllerId)?.register : undefined),
      config.COLLECTOR_LEDGER_SCHEMA,
    );
    return {
      module: CollectorPostgresModule,
      imports: [
        PlatformModule.forService({
          service: 'collector-postgres',
          schema: 'collector_postgres',
          consumerGroup: config.COLLECTOR_ID,
          config,
          migrations: [MessagingTables1760000000000, CollectorTasks1760000000500],
        }),
        CollectorSdkModule.register({ service: 'collector-postgres', config, collector }),
      ],
      providers: [{ provide: SOURCE, useValue: { pool, collector } }],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source.pool.end();
  }
}
