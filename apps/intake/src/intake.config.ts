import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class IntakeConfig extends ServiceWithStorageConfig {
  /** The controller a request goes to when it names none. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a controller id: lower-case letters, digits and -' })
  CONTROLLER_ID: string = 'demo';

  /** Folder of controller profiles (YAML), validated at start-up. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Requests one client address may create per minute. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: number = 30;

  /** Requests about one subject e-mail address per hour. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_IDENTITY_PER_HOUR: number = 10;
}

export const loadIntakeConfig = (env: Environment) => loadConfig('intake', IntakeConfig, env);
