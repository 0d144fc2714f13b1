import { DynamicModule, Module } from '@nestjs/common';
import { RESOURCE_OWNERS } from '@dsar/auth';
import { EXTERNAL_TASK_LISTENER, ExternalTasks, ExternalTasks1760000000510, ExternalTasksModule } from '@dsar/collector-sdk';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { PlatformModule } from '@dsar/platform';
import { loadControllerProfiles } from '@dsar/profiles';
import { AssignToOwnerListener } from './assign-to-owner.listener';
import { CollectorManualConfig } from './collector-manual.config';
import { ManualSystems } from './manual-systems';
import { ManualTasksController } from './manual-tasks.controller';

/** Systems without any integration: their tasks are assigned to their owners, who answer here. */
@Module({})
export class CollectorManualModule {
  static register(config: CollectorManualConfig): DynamicModule {
    const { profiles } = loadControllerProfiles(config.PROFILES_DIR);
    const systems = new ManualSystems(profiles, config.MANUAL_SYSTEMS.split(',').filter(Boolean));
    return {
      module: CollectorManualModule,
      imports: [
        PlatformModule.forService({
          service: 'collector-manual',
          schema: 'collector_manual',
          consumerGroup: config.COLLECTOR_ID,
          config,
          migrations: [MessagingTables1760000000000, ExternalTasks1760000000510],
        }),
        ExternalTasksModule.register({
          via: 'manual',
          service: 'collector-manual',
          systems: (systemId, controllerId) => systems.serves(systemId, controllerId),
          maxExportBytes: config.MANUAL_MAX_EXPORT_BYTES,
          config,
          providers: [
            { provide: ManualSystems, useValue: systems },
            { provide: EXTERNAL_TASK_LISTENER, useClass: AssignToOwnerListener },
          ],
        }),
      ],
      controllers: [ManualTasksController],
      providers: [
        {
          provide: RESOURCE_OWNERS,
          inject: [ExternalTasks],
          useFactory: (tasks: ExternalTasks) => ({ 'manual-task': (id: string) => tasks.controllerOf(id) }),
        },
      ],
    };
  }
}
