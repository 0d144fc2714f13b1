import { DynamicModule, Module, Provider } from '@nestjs/common';
import { BLOB_STORE, blobStoreProviders, ServiceWithStorageConfig } from '@dsar/platform';
import { ExternalTaskHandler } from './external-task.handler';
import { EXTERNAL_TASKS_OPTIONS, ExternalTasks, ExternalTasksOptions } from './external-tasks';

/**
 * Tasks done outside the platform, for collector-push and collector-manual. Import it beside
 * PlatformModule, whose migrations must include ExternalTasks1760000000510.
 */
@Module({})
export class ExternalTasksModule {
  static register(options: ExternalTasksOptions & { config: ServiceWithStorageConfig; providers?: Provider[] }): DynamicModule {
    const { config, providers = [], ...tasksOptions } = options;
    return {
      module: ExternalTasksModule,
      providers: [
        { provide: EXTERNAL_TASKS_OPTIONS, useValue: tasksOptions },
        ...blobStoreProviders(config),
        ExternalTasks,
        ExternalTaskHandler,
        ...providers,
      ],
      exports: [ExternalTasks, BLOB_STORE, EXTERNAL_TASKS_OPTIONS],
    };
  }
}
