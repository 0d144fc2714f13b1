import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface RunningBroker {
  brokers: string;
  stop(): Promise<void>;
}

declare global {
  var __DSAR_KAFKA__: RunningBroker | undefined;
}

// Jest compiles this file to CommonJS; the broker script is an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{
  startKafkaBroker(options: { dataDir: string; port?: number; controllerPort?: number }): Promise<RunningBroker>;
}>;

/**
 * Runs once before the integration and e2e projects: uses KAFKA_BROKERS when set,
 * else starts a real single-node Kafka broker from Maven Central's jars. No test is
 * skipped when Kafka is missing: a failure to start fails the run.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.DSAR_TEST_RUN_ID ??= `t${Date.now().toString(36)}`;
  if (process.env.KAFKA_BROKERS || globalThis.__DSAR_KAFKA__) return;
  const { startKafkaBroker } = await importModule(resolve(__dirname, '../../../tools/kafka/kafka-broker.mjs'));
  const dataDir = await mkdtemp(join(tmpdir(), 'dsar-kafka-'));
  const port = Number(process.env.DSAR_TEST_KAFKA_PORT ?? 19092);
  const broker = await startKafkaBroker({ dataDir, port, controllerPort: port + 1 });
  globalThis.__DSAR_KAFKA__ = broker;
  process.env.KAFKA_BROKERS = broker.brokers;
}
