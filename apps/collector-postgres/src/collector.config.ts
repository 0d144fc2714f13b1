import { IsString, Matches, MinLength } from 'class-validator';
import { CollectorConfig } from '@dsar/collector-sdk';
import { Environment, loadConfig } from '@dsar/platform';

export class CollectorPostgresConfig extends CollectorConfig {
  /** The database of the internal system(s) this collector reads and changes. */
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'SOURCE_DATABASE_URL must be a postgres:// connection URL' })
  SOURCE_DATABASE_URL: string = '';

  /** JSON file describing each system: tables, identity columns, exports, erasure, retention. */
  @IsString()
  @MinLength(1)
  COLLECTOR_MAPPING_FILE: string = 'apps/collector-postgres/config/demo-systems.json';

  /** Controller profiles: their registers give the retention rules of what is kept. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Schema of the source database where the collector records the tasks it applied. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  COLLECTOR_LEDGER_SCHEMA: string = 'dsar_collector';

  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  override COLLECTOR_ID: string = 'collector-postgres';
}

export const loadCollectorConfig = (env: Environment) => loadConfig('collector-postgres', CollectorPostgresConfig, env);
