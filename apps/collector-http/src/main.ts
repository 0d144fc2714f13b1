import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadCollectorHttpConfig } from './collector-http.config';
import { CollectorHttpModule } from './collector-http.module';

runServiceMain('collector-http', async () => {
  const config = loadCollectorHttpConfig(process.env);
  return startService(CollectorHttpModule.register(config), { port: config.PORT, host: config.HOST, apiDocs: apiDocsOpen(config) });
});
