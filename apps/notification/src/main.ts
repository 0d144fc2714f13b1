import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadNotificationConfig } from './notification.config';
import { NotificationModule } from './notification.module';

runServiceMain('notification', async () => {
  const config = loadNotificationConfig(process.env);
  return startService(NotificationModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR notification API',
  });
});
