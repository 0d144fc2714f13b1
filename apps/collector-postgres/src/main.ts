import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadCollectorConfig } from './collector.config';
import { CollectorPostgresModule } from './collector.module';

runServiceMain('collector-postgres', async () => {
  const config = loadCollectorConfig(process.env);
  return startService(CollectorPostgresModule.register(config), { port: config.PORT, host: config.HOST, apiDocs: apiDocsOpen(config) });
});
