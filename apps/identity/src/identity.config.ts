import { IsInt, Max, Min, MinLength } from 'class-validator';
import { Environment, loadConfig, ServiceConfig } from '@dsar/platform';

export class IdentityConfig extends ServiceConfig {
  /** Key of the HMAC under which one-time codes are stored; at least 32 characters. */
  @MinLength(32, { message: 'IDENTITY_CODE_SECRET must be at least 32 characters' })
  IDENTITY_CODE_SECRET: string = '';

  @IsInt()
  @Min(1)
  @Max(1440)
  CODE_TTL_MINUTES: number = 15;

  @IsInt()
  @Min(1)
  @Max(20)
  CODE_MAX_ATTEMPTS: number = 5;
}

export const loadIdentityConfig = (env: Environment) => loadConfig('identity', IdentityConfig, env);
