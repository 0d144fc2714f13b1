import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { BLOB_STORE, createBlobStore, PlatformModule } from '@dsar/platform';
import { Pool } from 'pg';
import { CollectionTaskHandler, SYSTEM_MAPPINGS } from './collection/collection-task.handler';
import { PostgresExporter } from './collection/postgres-exporter';
import { loadSystemMappings } from './collection/system-mapping';
import { CollectorPostgresConfig } from './collector.config';

const SOURCE_POOL = Symbol('dsar:source-pool');

@Module({})
export class CollectorPostgresModule implements OnApplicationShutdown {
  constructor(@Inject(SOURCE_POOL) private readonly source: Pool) {}

  static register(config: CollectorPostgresConfig): DynamicModule {
    const systems = loadSystemMappings(config.COLLECTOR_MAPPING_FILE);
    return {
      module: CollectorPostgresModule,
      imports: [
        PlatformModule.forService({
          service: 'collector-postgres',
          schema: 'collector_postgres',
          consumerGroup: config.COLLECTOR_ID,
          config,
          migrations: [MessagingTables1760000000000],
        }),
      ],
      providers: [
        {
          provide: SOURCE_POOL,
          useValue: new Pool({ connectionString: config.SOURCE_DATABASE_URL, max: 4, application_name: 'dsar-collector' }),
        },
        { provide: PostgresExporter, useFactory: (pool: Pool) => new PostgresExporter(pool), inject: [SOURCE_POOL] },
        { provide: BLOB_STORE, useValue: createBlobStore(config) },
        { provide: SYSTEM_MAPPINGS, useValue: systems },
        CollectionTaskHandler,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.source.end();
  }
}
