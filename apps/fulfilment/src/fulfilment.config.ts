import { IsBoolean, IsInt, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { Environment, IsSubjectSecretKey, loadConfig, ServiceWithStorageConfig, ToBoolean } from '@dsar/platform';

export class FulfilmentConfig extends ServiceWithStorageConfig {
  /** Seals the subject's codes and links in events for notification (32 bytes, base64). */
  @IsSubjectSecretKey()
  SUBJECT_SECRET_KEY: string = '';

  /** Folder of controller profiles (YAML): each request's scope comes from its controller's systemsMap. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Base URL under which subjects reach this service's download endpoint. */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3002';

  /** Delivery defaults, for a profile without `fulfilment.delivery`. */
  @IsInt()
  @Min(1)
  @Max(720)
  DOWNLOAD_TTL_HOURS: number = 168;

  @IsInt()
  @Min(1)
  @Max(100)
  DOWNLOAD_MAX_COUNT: number = 5;

  @IsInt()
  @Min(1)
  @Max(3650)
  PACKAGE_RETENTION_DAYS: number = 30;

  /** How long a system has to answer a task, at most (the due date may shorten it). */
  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  COLLECTION_TIMEOUT_SECONDS: number = 3 * 86_400;

  /**
   * Days kept before the due date for review, delivery, and a decision to extend: collection
   * must end by then, and an unfinished request is put to the DPO when it arrives.
   */
  @IsInt()
  @Min(0)
  @Max(60)
  DEADLINE_MARGIN_DAYS: number = 7;

  /** How often timeouts, deadlines at risk and packages to destroy are looked for. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SWEEP_INTERVAL_MS: number = 30_000;

  /** Minutes a download code stays valid, and wrong codes allowed before it is void. */
  @IsInt()
  @Min(1)
  @Max(60)
  DOWNLOAD_CODE_TTL_MINUTES: number = 15;

  @IsInt()
  @Min(1)
  @Max(10)
  DOWNLOAD_CODE_MAX_ATTEMPTS: number = 5;

  /** Seconds between two download codes for one link, for the first DOWNLOAD_CODE_EVENLY_SPACED codes; then each wait doubles. */
  @IsInt()
  @Min(0)
  @Max(3600)
  DOWNLOAD_CODE_RESEND_SECONDS: number = 60;

  @IsInt()
  @Min(0)
  @Max(20)
  DOWNLOAD_CODE_EVENLY_SPACED: number = 3;

  /** Longest wait between two download codes, however many were sent. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  DOWNLOAD_CODE_MAX_RESEND_SECONDS: number = 3600;

  /** Wrong codes one download link takes, across every code sent, before it locks. */
  @IsInt()
  @Min(1)
  @Max(100)
  DOWNLOAD_LINK_MAX_FAILURES: number = 10;

  /** Minutes the first lock of a link lasts; each further lock lasts twice as long. */
  @IsInt()
  @Min(1)
  @Max(10_080)
  DOWNLOAD_LOCK_MINUTES: number = 60;

  /** Longest lock of a link, in minutes. */
  @IsInt()
  @Min(1)
  @Max(43_200)
  DOWNLOAD_MAX_LOCK_MINUTES: number = 1440;

  /** Portability straight to another controller goes to https endpoints only, unless this is set (local tests). */
  @ToBoolean()
  @IsBoolean()
  PORTABILITY_ALLOW_HTTP: boolean = false;

  /** Attempts to send a portable package to another controller before the DPO is left to do it. */
  @IsInt()
  @Min(1)
  @Max(20)
  PORTABILITY_MAX_ATTEMPTS: number = 5;
}

export const loadFulfilmentConfig = (env: Environment) => loadConfig('fulfilment', FulfilmentConfig, env);
