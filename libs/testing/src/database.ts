import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh database on the real PostgreSQL server, dropped at the end of the suite. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `dsar_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: the Jest global setup starts Kafka for integration tests');
  return brokers.split(',');
}

/** A topic and group prefix unique to one test suite, on the shared broker. */
export function uniqueKafkaPrefix(label: string): string {
  return `${process.env.DSAR_TEST_RUN_ID ?? 'run'}.${label}.${randomBytes(3).toString('hex')}.`;
}
