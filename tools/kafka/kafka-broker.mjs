#!/usr/bin/env node
// A real single-node Apache Kafka broker (KRaft) without Docker: the broker jars come from
// Maven Central (see pom.xml) and run on the local JVM.
//
// Library: const { brokers, pid, stop } = await startKafkaBroker({ dataDir });
// CLI:     node tools/kafka/kafka-broker.mjs fetch
//          node tools/kafka/kafka-broker.mjs run [--data-dir D] [--port P] [--controller-port P]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import kafkajs from 'kafkajs';
import { fetchClasspath, readPom, run, tail } from '../maven/maven-classpath.mjs';

const { Kafka, logLevel } = kafkajs;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const POM = path.join(HERE, 'pom.xml');
const LOG4J_CONFIG = path.join(HERE, 'log4j2.xml');
const HOST = '127.0.0.1'; // never "localhost": Node may resolve it to ::1 first

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const KAFKA_VERSION = readPom(POM, 'kafka.version').version;

/** Copies the broker's classpath into the cache (once) and returns the directory. */
export function fetchKafkaJars({ log = console.error } = {}) {
  return fetchClasspath({ pom: POM, name: 'kafka', versionProperty: 'kafka.version', log });
}

function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${HOST}:${port} is already in use (another Kafka broker running?)`) : err),
    );
    server.listen(port, HOST, () => server.close(() => resolve()));
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function serverProperties({ port, controllerPort, logDir }) {
  return `# Written by tools/kafka/kafka-broker.mjs on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${HOST}:${controllerPort}
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}
advertised.listeners=PLAINTEXT://${HOST}:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${logDir}
auto.create.topics.enable=false
# Internal topics default to replication 3; with one broker the coordinators would never load.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
`;
}

// 16 random bytes in base64url, like org.apache.kafka.common.Uuid (which also avoids a leading '-',
// since the id would then parse as a command-line option).
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function readTail(file, bytes = 8192) {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const start = Math.max(0, size - bytes);
      const buffer = Buffer.alloc(size - start);
      fs.readSync(fd, buffer, 0, buffer.length, start);
      return tail(buffer.toString('utf8')) || '(empty)';
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '(missing)';
  }
}

/**
 * Starts a single-node KRaft broker whose state lives in dataDir (formatted on first use,
 * reused afterwards). Resolves once kafkajs can describe the cluster.
 */
export async function startKafkaBroker({
  dataDir,
  port = 9092,
  controllerPort = 9093,
  heapMb = 512,
  log = console.error,
  startTimeoutMs = 90_000,
} = {}) {
  if (!dataDir) throw new Error('startKafkaBroker: dataDir is required');
  dataDir = path.resolve(dataDir);
  await assertPortFree(port);
  await assertPortFree(controllerPort);

  const libsDir = await fetchKafkaJars({ log });
  const logDir = path.join(dataDir, 'kraft-combined-logs');
  const propsFile = path.join(dataDir, 'server.properties');
  const outFile = path.join(dataDir, 'kafka.out');
  const serverLog = path.join(dataDir, 'server.log');
  await fsp.mkdir(dataDir, { recursive: true });
  await fsp.writeFile(propsFile, serverProperties({ port, controllerPort, logDir }));

  const jvmArgs = [
    `-Xmx${heapMb}m`,
    '-XX:TieredStopAtLevel=1', // C1 JIT only: measurably faster start-up; peak speed is irrelevant here
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    `-Dkafka.logs.dir=${dataDir}`,
    '-cp',
    path.join(libsDir, '*'), // expanded by java itself, no shell involved
  ];

  const logTail = () => [`--- ${outFile}`, readTail(outFile), `--- ${serverLog}`, readTail(serverLog)].join('\n');

  if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
    log(`Formatting Kafka storage in ${logDir}`);
    const formatArgs = ['kafka.tools.StorageTool', 'format', '-t', randomClusterId(), '-c', propsFile];
    await run('java', [...jvmArgs, ...formatArgs], { cwd: dataDir });
  }

  const clusterId = /^cluster\.id=(.+)$/m.exec(fs.readFileSync(path.join(logDir, 'meta.properties'), 'utf8'))?.[1];

  const started = Date.now();
  const out = fs.openSync(outFile, 'a');
  const child = spawn('java', [...jvmArgs, 'kafka.Kafka', propsFile], {
    cwd: dataDir,
    detached: false,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);

  let spawnError;
  const exited = new Promise((resolve) => {
    child.once('error', (err) => {
      spawnError = err.code === 'ENOENT' ? new Error("'java' not found on PATH") : err;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  exited.then(() => (hasExited = true));

  // If the caller exits without stop(), let the broker shut itself down rather than leak it.
  const onParentExit = () => child.kill('SIGTERM');
  process.once('exit', onParentExit);
  exited.then(() => process.removeListener('exit', onParentExit));

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', onParentExit);
      if (hasExited) return;
      child.kill('SIGTERM');
      let timer;
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise((resolve) => (timer = setTimeout(resolve, 30_000, true))),
      ]);
      clearTimeout(timer);
      if (timedOut) {
        log(`Kafka broker (pid ${child.pid}) ignored SIGTERM for 30 s; sending SIGKILL`);
        child.kill('SIGKILL');
        await exited;
      }
    })());

  try {
    await waitUntilReady({ port, clusterId, timeoutMs: startTimeoutMs, isExited: () => hasExited });
  } catch (err) {
    await stop();
    if (spawnError) throw spawnError;
    const { code, signal } = await exited;
    const why = err.message === 'exited' ? `exited early (${signal ?? `exit ${code}`})` : err.message;
    throw new Error(`Kafka broker ${why}\n${logTail()}`);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`Kafka ${KAFKA_VERSION} ready on ${HOST}:${port} (pid ${child.pid}) in ${seconds} s`);
  return { brokers: `${HOST}:${port}`, pid: child.pid, stop, exited };
}

async function waitUntilReady({ port, clusterId, timeoutMs, isExited }) {
  const deadline = Date.now() + timeoutMs;
  const check = () => {
    if (isExited()) throw new Error('exited');
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s`);
  };

  while (!(await canConnect(port))) {
    check();
    await sleep(200);
  }

  const admin = new Kafka({
    clientId: 'kafka-broker-readiness',
    brokers: [`${HOST}:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    for (;;) {
      check();
      let cluster;
      try {
        await admin.connect();
        cluster = await admin.describeCluster();
      } catch {
        await admin.disconnect().catch(() => {});
        await sleep(250);
        continue;
      }
      // The port was free when checked, but another process can grab it before the JVM binds it.
      if (cluster.clusterId !== clusterId) {
        throw new Error(`lost the race for port ${port}: another broker (cluster ${cluster.clusterId}) answers there`);
      }
      return;
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: path.join(REPO_ROOT, '.data', 'kafka') },
      port: { type: 'string', default: '9092' },
      'controller-port': { type: 'string', default: '9093' },
    },
  });
  const [command] = positionals;

  if (command === 'fetch') {
    const libsDir = await fetchKafkaJars();
    const jars = fs.readdirSync(libsDir).filter((f) => f.endsWith('.jar'));
    console.error(`Kafka ${KAFKA_VERSION}: ${jars.length} jars in ${libsDir}`);
    return;
  }

  if (command === 'run') {
    // Listen before starting so a signal during startup still ends in a clean stop.
    const stopSignal = new Promise((resolve) => {
      for (const name of ['SIGINT', 'SIGTERM']) process.once(name, () => resolve(name));
    });
    const broker = await startKafkaBroker({
      dataDir: path.resolve(values['data-dir']),
      port: parsePort(values.port),
      controllerPort: parsePort(values['controller-port']),
    });
    console.log(`KAFKA_BROKERS=${broker.brokers}`);

    const signal = await Promise.race([stopSignal, broker.exited.then(() => null)]);
    if (signal === null) {
      console.error(`Kafka broker exited unexpectedly; see ${path.resolve(values['data-dir'])}/kafka.out`);
      process.exitCode = 1;
      return;
    }
    console.error(`${signal}: stopping Kafka broker (pid ${broker.pid}) ...`);
    await broker.stop();
    console.error('Kafka broker stopped');
    return;
  }

  console.error(
    'Usage: node tools/kafka/kafka-broker.mjs fetch\n' +
      '       node tools/kafka/kafka-broker.mjs run [--data-dir D] [--port P] [--controller-port P]',
  );
  process.exitCode = 2;
}

function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port: ${value}`);
  return port;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
