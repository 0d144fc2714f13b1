import { Environment, loadConfig, ServiceConfig } from '@dsar/platform';

export class BackofficeConfig extends ServiceConfig {}

export const loadBackofficeConfig = (env: Environment) => loadConfig('backoffice', BackofficeConfig, env);
