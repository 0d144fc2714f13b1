import { IsString, Matches, MinLength } from 'class-validator';
import { CollectorConfig } from '@dsar/collector-sdk';
import { Environment, loadConfig } from '@dsar/platform';

export class CollectorHttpConfig extends CollectorConfig {
  /** JSON file describing each system's REST API: endpoints, authentication, pagination, fields, actions. */
  @IsString()
  @MinLength(1)
  COLLECTOR_MAPPING_FILE: string = 'apps/collector-http/config/example-systems.json';

  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  override COLLECTOR_ID: string = 'collector-http';
}

export const loadCollectorHttpConfig = (env: Environment) => loadConfig('collector-http', CollectorHttpConfig, env);
