import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Environment, IsSubjectSecretKey, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class IdentityConfig extends ServiceWithStorageConfig {
  /** Seals the subject's codes and links in events for notification (32 bytes, base64). */
  @IsSubjectSecretKey()
  SUBJECT_SECRET_KEY: string = '';

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

  /** Codes or links that may be sent again at that interval; after them each wait doubles. */
  @IsInt()
  @Min(0)
  @Max(20)
  CODE_MAX_RESENDS: number = 3;

  /** Longest wait between two codes or links, however many were sent. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  CODE_RESEND_MAX_INTERVAL_SECONDS: number = 3600;

  /** Wrong codes or links one verification takes, across every code sent, before it locks. */
  @IsInt()
  @Min(1)
  @Max(100)
  VERIFICATION_MAX_FAILURES: number = 10;

  /** Minutes the first lock lasts; each further lock of the same verification lasts twice as long. */
  @IsInt()
  @Min(1)
  @Max(10_080)
  VERIFICATION_LOCK_MINUTES: number = 60;

  /** Longest lock, in minutes. */
  @IsInt()
  @Min(1)
  @Max(43_200)
  VERIFICATION_MAX_LOCK_MINUTES: number = 1440;

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
