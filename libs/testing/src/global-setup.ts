import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface RunningServer {
  stop(): Promise<void>;
}

interface RunningBroker extends RunningServer {
  brokers: string;
}

interface RunningS3Proxy extends RunningServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

declare global {
  var __DSAR_KAFKA__: RunningBroker | undefined;
  var __DSAR_S3PROXY__: RunningS3Proxy | undefined;
}

// Jest compiles this file to CommonJS; the tool scripts are ES modules.
const importModule = new Function('specifier', 'return import(specifier)') as <T>(s: string) => Promise<T>;
const tool = (path: string) => resolve(__dirname, '../../..', path);

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startKafka(): Promise<void> {
  if (process.env.KAFKA_BROKERS || globalThis.__DSAR_KAFKA__) return;
  const { startKafkaBroker } = await importModule<{
    startKafkaBroker(options: { dataDir: string; port?: number; controllerPort?: number }): Promise<RunningBroker>;
  }>(tool('tools/kafka/kafka-broker.mjs'));
  const dataDir = await mkdtemp(join(tmpdir(), 'dsar-kafka-'));
  const port = Number(process.env.DSAR_TEST_KAFKA_PORT ?? 19092);
  const broker = await startKafkaBroker({ dataDir, port, controllerPort: port + 1 });
  globalThis.__DSAR_KAFKA__ = broker;
  process.env.KAFKA_BROKERS = broker.brokers;
}

async function startS3(): Promise<void> {
  if (process.env.DSAR_TEST_S3_ENDPOINT || globalThis.__DSAR_S3PROXY__) return;
  const { startS3Proxy } = await importModule<{
    startS3Proxy(options: { dataDir: string; port: number }): Promise<RunningS3Proxy>;
  }>(tool('tools/s3proxy/s3proxy.mjs'));
  const server = await startS3Proxy({ dataDir: await mkdtemp(join(tmpdir(), 'dsar-s3proxy-')), port: await freePort() });
  globalThis.__DSAR_S3PROXY__ = server;
  process.env.DSAR_TEST_S3_ENDPOINT = server.endpoint;
  process.env.DSAR_TEST_S3_ACCESS_KEY_ID = server.accessKeyId;
  process.env.DSAR_TEST_S3_SECRET_ACCESS_KEY = server.secretAccessKey;
}

/**
 * Runs once before the integration and e2e projects: uses KAFKA_BROKERS (and
 * DSAR_TEST_S3_*) when set, else starts a real single-node Kafka broker and a real S3 API
 * server (S3Proxy) from Maven Central's jars. No test is skipped when either is missing: a
 * failure to start fails the run.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  process.env.DSAR_TEST_RUN_ID ??= `t${Date.now().toString(36)}`;
  await Promise.all([startKafka(), startS3()]);
}
