import 'reflect-metadata';
import { runServiceMain, startService } from '@dsar/platform';
import { loadIdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

runServiceMain('identity', async () => {
  const config = loadIdentityConfig(process.env);
  return startService(IdentityModule.register(config), { port: config.PORT, host: config.HOST, openApiTitle: 'DSAR identity API' });
});
