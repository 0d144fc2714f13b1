import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadIdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

runServiceMain('identity', async () => {
  const config = loadIdentityConfig(process.env);
  return startService(IdentityModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR identity API',
  });
});
