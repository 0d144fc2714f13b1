import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadFulfilmentConfig } from './fulfilment.config';
import { FulfilmentModule } from './fulfilment.module';

runServiceMain('fulfilment', async () => {
  const config = loadFulfilmentConfig(process.env);
  return startService(FulfilmentModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR fulfilment API',
  });
});
