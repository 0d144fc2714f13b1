import 'reflect-metadata';
import { apiDocsOpen, runServiceMain, startService } from '@dsar/platform';
import { loadIntakeConfig } from './intake.config';
import { IntakeModule } from './intake.module';

runServiceMain('intake', async () => {
  const config = loadIntakeConfig(process.env);
  return startService(IntakeModule.register(config), {
    port: config.PORT,
    host: config.HOST,
    apiDocs: apiDocsOpen(config),
    openApiTitle: 'DSAR intake API',
  });
});
