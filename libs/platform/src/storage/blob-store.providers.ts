import { Inject, Injectable, OnApplicationBootstrap, Optional, Provider } from '@nestjs/common';
import { BlobStore } from '@dsar/storage';
import { Logger } from 'pino';
import { BLOB_STORE, createBlobStore, ServiceWithStorageConfig } from '../config/storage.config';
import { PLATFORM_LOGGER } from '../tokens';

/** No write lasts this long: older leftovers are a crash's, never another replica's write in progress. */
const INTERRUPTED_AFTER_MS = 3_600_000;

/** At start, makes sure the store is usable (the bucket exists) and sweeps what interrupted writes left. */
@Injectable()
export class BlobStoreMaintenance implements OnApplicationBootstrap {
  constructor(
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Optional() @Inject(PLATFORM_LOGGER) private readonly log?: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store.prepare();
    const swept = await this.store.sweepInterrupted(new Date(Date.now() - INTERRUPTED_AFTER_MS));
    if (swept > 0) this.log?.info({ swept }, 'interrupted blob writes swept');
  }
}

/** The blob store a service's configuration selects, and its maintenance at start. */
export function blobStoreProviders(config: ServiceWithStorageConfig): Provider[] {
  return [{ provide: BLOB_STORE, useValue: createBlobStore(config) }, BlobStoreMaintenance];
}
