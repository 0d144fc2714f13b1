import { IsString, Matches, MinLength } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig } from '@dsar/platform';

export class CollectorPostgresConfig extends ServiceWithStorageConfig {
  /** The database of the internal system(s) this collector reads. */
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'SOURCE_DATABASE_URL must be a postgres:// connection URL' })
  SOURCE_DATABASE_URL: string = '';

  /** JSON file mapping each system's identities to tables and columns. */
  @IsString()
  @MinLength(1)
  COLLECTOR_MAPPING_FILE: string = 'apps/collector-postgres/config/demo-systems.json';

  /** Consumer group; one per deployment of this collector. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  COLLECTOR_ID: string = 'collector-postgres';
}

export const loadCollectorConfig = (env: Environment) => loadConfig('collector-postgres', CollectorPostgresConfig, env);
