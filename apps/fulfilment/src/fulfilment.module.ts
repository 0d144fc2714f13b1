import { DynamicModule, Module } from '@nestjs/common';
import { MessagingTables1760000000000 } from '@dsar/messaging';
import { BLOB_STORE, createBlobStore, PlatformModule } from '@dsar/platform';
import { DownloadPackageUseCase } from './downloads/download-package.use-case';
import { DownloadsController } from './downloads/downloads.controller';
import { FulfilmentConfig } from './fulfilment.config';
import { CollectionResultHandler } from './fulfilments/collection-result.handler';
import { CollectionTaskEntity, DownloadEntity, FulfilmentEntity } from './fulfilments/fulfilment.entity';
import { PackageAssembler } from './fulfilments/package-assembler';
import { StartCollectionHandler } from './fulfilments/start-collection.handler';
import { CreateFulfilments1760000000300 } from './migrations/1760000000300-create-fulfilments';

@Module({})
export class FulfilmentModule {
  static register(config: FulfilmentConfig): DynamicModule {
    return {
      module: FulfilmentModule,
      imports: [
        PlatformModule.forService({
          service: 'fulfilment',
          schema: 'fulfilment',
          config,
          entities: [FulfilmentEntity, CollectionTaskEntity, DownloadEntity],
          migrations: [MessagingTables1760000000000, CreateFulfilments1760000000300],
        }),
      ],
      controllers: [DownloadsController],
      providers: [
        { provide: FulfilmentConfig, useValue: config },
        { provide: BLOB_STORE, useValue: createBlobStore(config) },
        PackageAssembler,
        StartCollectionHandler,
        CollectionResultHandler,
        DownloadPackageUseCase,
      ],
    };
  }
}
