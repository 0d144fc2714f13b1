import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class CollectorPushConfig extends ServiceWithStorageConfig {
  /** The systems that push their own exports (comma-separated system ids). */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}(,[a-z0-9][a-z0-9-]{0,62})*$/, { message: 'PUSH_SYSTEMS must list system ids, comma-separated' })
  PUSH_SYSTEMS: string = '';

  /** Each system's API key, as `systemId:sha256-hex` (comma-separated); the key itself is never stored. */
  @IsString()
  @Matches(/^([a-z0-9][a-z0-9-]{0,62}:[a-f0-9]{64}(,[a-z0-9][a-z0-9-]{0,62}:[a-f0-9]{64})*)?$/, {
    message: 'INTERNAL_API_KEYS must be systemId:sha256-hex entries, comma-separated',
  })
  INTERNAL_API_KEYS: string = '';

  /** Largest export accepted in one upload, in bytes. */
  @IsInt()
  @Min(1)
  @Max(1024 ** 4)
  PUSH_MAX_EXPORT_BYTES: number = 10 * 1024 ** 3;

  /** Consumer group; one per deployment. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  COLLECTOR_ID: string = 'collector-push';
}

export const loadCollectorPushConfig = (env: Environment) => loadConfig('collector-push', CollectorPushConfig, env);
