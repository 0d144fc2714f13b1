import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class IdentityConfig extends ServiceWithStorageConfig {
  /** Key of the HMAC under which one-time codes and magic-link tokens are stored; at least 32 characters. */
  @MinLength(32, { message: 'IDENTITY_CODE_SECRET must be at least 32 characters' })
  IDENTITY_CODE_SECRET: string = '';

  /** Base URL of this service as the subject reaches it: magic links point there. */
  @Matches(/^https?:\/\/\S+[^/]$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL without a trailing slash' })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3001';

  /** Folder of controller profiles (YAML): the verification policy of each controller. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  @IsInt()
  @Min(1)
  @Max(1440)
  CODE_TTL_MINUTES: number = 15;

  @IsInt()
  @Min(1)
  @Max(20)
  CODE_MAX_ATTEMPTS: number = 5;

  /** Minimum seconds between two codes or links sent for one request. */
  @IsInt()
  @Min(0)
  @Max(3600)
  CODE_RESEND_INTERVAL_SECONDS: number = 60;

  /** Codes or links that may be sent again for one request. */
  @IsInt()
  @Min(0)
  @Max(20)
  CODE_MAX_RESENDS: number = 3;

  /** Days the requester has to complete every step before the verification fails as expired. */
  @IsInt()
  @Min(1)
  @Max(365)
  VERIFICATION_TTL_DAYS: number = 30;

  /** Largest ID document or proof accepted, in bytes. */
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  DOCUMENT_MAX_BYTES: number = 10 * 1024 * 1024;

  /** Days after the decision an ID document copy is destroyed (the decision is kept). */
  @IsInt()
  @Min(0)
  @Max(365)
  DOCUMENT_RETENTION_DAYS: number = 7;

  /** Seconds between two runs of the expiry and destruction sweeps. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  SWEEP_INTERVAL_SECONDS: number = 60;

  /** Internal systems' API keys: `systemId:sha256-hex`, comma-separated. */
  @IsOptional()
  @Matches(/^([a-z0-9][a-z0-9-]*:[a-f0-9]{64}(,[a-z0-9][a-z0-9-]*:[a-f0-9]{64})*)?$/, {
    message: 'INTERNAL_API_KEYS must list systemId:sha256 pairs',
  })
  INTERNAL_API_KEYS: string = '';
}

export const loadIdentityConfig = (env: Environment) => loadConfig('identity', IdentityConfig, env);
