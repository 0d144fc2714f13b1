import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class CollectorManualConfig extends ServiceWithStorageConfig {
  /** Controller profiles: which systems are `manual`, and who owns each (systems[].owner.email). */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Restricts this deployment to these system ids (comma-separated); default: every manual system of the profiles. */
  @IsOptional()
  @Matches(/^([a-z0-9][a-z0-9-]{0,62}(,[a-z0-9][a-z0-9-]{0,62})*)?$/, { message: 'MANUAL_SYSTEMS must list system ids, comma-separated' })
  MANUAL_SYSTEMS: string = '';

  /** Largest export an owner may upload, in bytes. */
  @IsInt()
  @Min(1)
  @Max(1024 ** 4)
  MANUAL_MAX_EXPORT_BYTES: number = 10 * 1024 ** 3;

  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  COLLECTOR_ID: string = 'collector-manual';
}

export const loadCollectorManualConfig = (env: Environment) => loadConfig('collector-manual', CollectorManualConfig, env);
