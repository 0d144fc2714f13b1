import { IsString, Matches } from 'class-validator';
import { Environment, loadConfig, ServiceConfig } from '@dsar/platform';

export class IntakeConfig extends ServiceConfig {
  /** The controller whose requests this intake receives (one per deployment for now). */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a controller id: lower-case letters, digits and -' })
  CONTROLLER_ID: string = 'demo';

  @IsString()
  SERVICE_NAME: string = 'intake';
}

export const loadIntakeConfig = (env: Environment) => loadConfig('intake', IntakeConfig, env);
