import { DataSource, EntitySchema, MixedList } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

type EntityTarget = string | (new (...args: never[]) => unknown) | EntitySchema;
type MigrationClass = new () => object;

export interface ServiceDataSourceOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The PostgreSQL schema this service owns; no other service reads it. */
  schema: string;
  entities?: MixedList<EntityTarget>;
  migrations: MigrationClass[];
  poolSize?: number;
  applicationName?: string;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) {
    throw new Error(`invalid schema name "${options.schema}": lower-case letters, digits and _ only`);
  }
  const config: PostgresConnectionOptions = {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? `dsar-${options.schema}`,
  };
  return new DataSource(config);
}

/**
 * Connects, creates the service's schema if needed and applies its pending migrations.
 * An advisory lock keeps two replicas starting together from migrating at once.
 */
export async function initializeServiceDataSource(dataSource: DataSource): Promise<DataSource> {
  const schema = (dataSource.options as PostgresConnectionOptions).schema as string;
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`dsar-migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`dsar-migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
  return dataSource;
}

/** Reads the schema a data source was created for. */
export function schemaOf(dataSource: DataSource): string {
  return (dataSource.options as PostgresConnectionOptions).schema as string;
}
