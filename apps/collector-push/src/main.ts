import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadCollectorPushConfig } from './collector-push.config';
import { CollectorPushModule } from './collector-push.module';

runServiceMain('collector-push', async () => {
  const config = loadCollectorPushConfig(process.env);
  return startService(CollectorPushModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR push collector',
  });
});
