import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadBackofficeConfig } from './backoffice.config';
import { BackofficeModule } from './backoffice.module';

runServiceMain('backoffice', async () => {
  const config = loadBackofficeConfig(process.env);
  return startService(BackofficeModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR back-office API',
  });
});
