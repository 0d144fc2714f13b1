import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class FulfilmentConfig extends ServiceWithStorageConfig {
  /** The systems asked for every access request, comma-separated system ids. */
  @Matches(/^[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*$/, { message: 'COLLECTION_SYSTEMS must be comma-separated system ids' })
  COLLECTION_SYSTEMS: string = 'demo-crm';

  /** Base URL under which subjects reach this service's download endpoint. */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3002';

  @IsInt()
  @Min(1)
  @Max(720)
  DOWNLOAD_TTL_HOURS: number = 168;

  @IsInt()
  @Min(1)
  @Max(100)
  DOWNLOAD_MAX_COUNT: number = 5;

  /**
   * Test-only fault injection: wait this long after storing a package and before
   * committing, so a test can kill the process mid-request. 0 in every real deployment.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  FAULT_INJECTION_PACKAGE_DELAY_MS: number = 0;
}

export const loadFulfilmentConfig = (env: Environment) => loadConfig('fulfilment', FulfilmentConfig, env);
