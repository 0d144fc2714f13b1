import 'reflect-metadata';
import { runServiceMain, startService } from '@dsar/platform';
import { loadCollectorManualConfig } from './collector-manual.config';
import { CollectorManualModule } from './collector-manual.module';

runServiceMain('collector-manual', async () => {
  const config = loadCollectorManualConfig(process.env);
  return startService(CollectorManualModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    openApiTitle: 'DSAR manual collection',
  });
});
