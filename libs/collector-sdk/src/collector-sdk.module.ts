import { DynamicModule, Module } from '@nestjs/common';
import { BLOB_STORE, blobStoreProviders } from '@dsar/platform';
import { CollectionTaskHandler } from './collection-task.handler';
import { Collector } from './collector';
import { CollectorConfig } from './collector.config';
import { IdentifierMatchHandler } from './identifier-match.handler';
import { COLLECTOR, COLLECTOR_RUNTIME_OPTIONS, CollectorRuntimeOptions } from './tokens';

export interface CollectorSdkOptions {
  service: string;
  config: CollectorConfig;
  collector: Collector;
  via?: CollectorRuntimeOptions['via'];
}

/**
 * Wires a collector into its app: the task and identifier-match consumers, the blob store.
 * Import it next to PlatformModule (whose migrations must include CollectorTasks1760000000500).
 */
@Module({})
export class CollectorSdkModule {
  static register(options: CollectorSdkOptions): DynamicModule {
    const { config } = options;
    const runtime: CollectorRuntimeOptions = {
      via: options.via ?? 'collector',
      service: options.service,
      attemptTimeoutMs: config.COLLECTOR_TASK_TIMEOUT_MS,
      maxAttempts: config.COLLECTOR_MAX_ATTEMPTS,
      initialBackoffMs: config.COLLECTOR_RETRY_INITIAL_MS,
    };
    return {
      module: CollectorSdkModule,
      providers: [
        { provide: COLLECTOR, useValue: options.collector },
        { provide: COLLECTOR_RUNTIME_OPTIONS, useValue: runtime },
        ...blobStoreProviders(config),
        CollectionTaskHandler,
        IdentifierMatchHandler,
      ],
      exports: [COLLECTOR, BLOB_STORE, COLLECTOR_RUNTIME_OPTIONS],
    };
  }
}
