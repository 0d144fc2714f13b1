import 'reflect-metadata';
import { runServiceMain, startService } from '@dsar/platform';
import { loadIntakeConfig } from './intake.config';
import { IntakeModule } from './intake.module';

runServiceMain('intake', async () => {
  const config = loadIntakeConfig(process.env);
  return startService(IntakeModule.register(config), { port: config.PORT, host: config.HOST, openApiTitle: 'DSAR intake API' });
});
