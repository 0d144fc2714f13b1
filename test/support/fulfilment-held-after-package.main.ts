import 'reflect-metadata';
import { FulfilmentModule, loadFulfilmentConfig, PackageCheckpoint } from '@dsar/fulfilment';
import { apiDocsOpen, createLogger, runServiceMain, startService } from '@dsar/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { HELD_AFTER_PACKAGE } from './held-after-package';

/** Holds the transaction that records a stored package open for two minutes. */
class HeldAfterPackage extends PackageCheckpoint {
  private readonly log = createLogger('fulfilment', 'info');

  override async stored(requestId: string): Promise<void> {
    this.log.warn({ requestId }, HELD_AFTER_PACKAGE);
    await sleep(120_000);
  }
}

/**
 * The fulfilment service as `apps/fulfilment/src/main.ts` starts it, with its package checkpoint
 * overridden (the last provider of a token wins): for the distributed crash test only.
 */
runServiceMain('fulfilment', async () => {
  const config = loadFulfilmentConfig(process.env);
  const module = FulfilmentModule.register(config);
  return startService(
    { ...module, providers: [...(module.providers ?? []), { provide: PackageCheckpoint, useClass: HeldAfterPackage }] },
    { port: config.PORT, host: config.HOST, apiDocs: apiDocsOpen(config), openApiTitle: 'DSAR fulfilment API' },
  );
});
