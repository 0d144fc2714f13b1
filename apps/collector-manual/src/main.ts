import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadCollectorManualConfig } from './collector-manual.config';
import { CollectorManualModule } from './collector-manual.module';

runServiceMain('collector-manual', async () => {
  const config = loadCollectorManualConfig(process.env);
  return startService(CollectorManualModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR manual collection',
  });
});
