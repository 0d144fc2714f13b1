#!/usr/bin/env node
// A real S3 API server without Docker: S3Proxy (Apache License 2.0) from Maven Central's jars
// (see pom.xml), storing objects in a local folder through jclouds' filesystem provider.
//
// Library: const { endpoint, accessKeyId, secretAccessKey, stop } = await startS3Proxy({ dataDir, port });
// CLI:     node tools/s3proxy/s3proxy.mjs fetch
//          node tools/s3proxy/s3proxy.mjs run [--data-dir D] [--port P]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchClasspath, readPom, tail } from '../maven/maven-classpath.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');
const POM = path.join(HERE, 'pom.xml');
const HOST = '127.0.0.1';

export const S3PROXY_VERSION = readPom(POM, 's3proxy.version').version;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function answersHttp(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(true);
    });
    request.setTimeout(1000, () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

export function fetchS3ProxyJars({ log = console.error } = {}) {
  return fetchClasspath({ pom: POM, name: 's3proxy', versionProperty: 's3proxy.version', log });
}

/**
 * Starts S3Proxy on 127.0.0.1:port with objects under dataDir and the given (or random)
 * credentials, signed requests only. Resolves once it answers HTTP.
 */
export async function startS3Proxy({
  dataDir,
  port = 9000,
  accessKeyId = `dsar-${randomBytes(6).toString('hex')}`,
  secretAccessKey = randomBytes(24).toString('base64url'),
  log = console.error,
  startTimeoutMs = 60_000,
} = {}) {
  if (!dataDir) throw new Error('startS3Proxy: dataDir is required');
  dataDir = path.resolve(dataDir);
  const objectsDir = path.join(dataDir, 'objects');
  await fsp.mkdir(objectsDir, { recursive: true });
  const libsDir = await fetchS3ProxyJars({ log });
  const endpoint = `http://${HOST}:${port}`;
  const properties = path.join(dataDir, 's3proxy.conf');
  await fsp.writeFile(
    properties,
    [
      `s3proxy.endpoint=${endpoint}`,
      's3proxy.authorization=aws-v2-or-v4',
      `s3proxy.identity=${accessKeyId}`,
      `s3proxy.credential=${secretAccessKey}`,
      'jclouds.provider=filesystem',
      `jclouds.filesystem.basedir=${objectsDir}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const outFile = path.join(dataDir, 's3proxy.out');
  const out = fs.openSync(outFile, 'a');
  const child = spawn(
    'java',
    [
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      path.join(libsDir, '*'),
      'org.gaul.s3proxy.Main',
      '--properties',
      properties,
    ],
    { cwd: dataDir, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exitedEarly = false;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => (exitedEarly = true));
  const onParentExit = () => child.kill('SIGTERM');
  process.once('exit', onParentExit);

  const stop = async () => {
    process.removeListener('exit', onParentExit);
    if (exitedEarly) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitedEarly) throw new Error(`S3Proxy exited early:\n${tail(fs.readFileSync(outFile, 'utf8'))}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`S3Proxy not ready within ${startTimeoutMs / 1000} s:\n${tail(fs.readFileSync(outFile, 'utf8'))}`);
    }
    // An unsigned request answers 403 once the server is up.
    const answered = await answersHttp(`${endpoint}/`);
    if (answered) break;
    await sleep(200);
  }
  log(`S3Proxy ${S3PROXY_VERSION} ready at ${endpoint} (pid ${child.pid})`);
  return { endpoint, accessKeyId, secretAccessKey, pid: child.pid, stop, exited };
}

async function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: path.join(REPO_ROOT, '.data', 's3proxy') },
      port: { type: 'string', default: '9000' },
    },
  });
  const [command] = positionals;
  if (command === 'fetch') {
    const libsDir = await fetchS3ProxyJars();
    console.error(`S3Proxy ${S3PROXY_VERSION}: ${fs.readdirSync(libsDir).filter((f) => f.endsWith('.jar')).length} jars in ${libsDir}`);
    return;
  }
  if (command === 'run') {
    const stopSignal = new Promise((resolve) => {
      for (const name of ['SIGINT', 'SIGTERM']) process.once(name, () => resolve(name));
    });
    const server = await startS3Proxy({ dataDir: values['data-dir'], port: Number(values.port) });
    console.log(`S3_ENDPOINT=${server.endpoint}\nS3_ACCESS_KEY_ID=${server.accessKeyId}\nS3_SECRET_ACCESS_KEY=${server.secretAccessKey}`);
    await Promise.race([stopSignal, server.exited]);
    await server.stop();
    return;
  }
  console.error('Usage: node tools/s3proxy/s3proxy.mjs fetch\n       node tools/s3proxy/s3proxy.mjs run [--data-dir D] [--port P]');
  process.exitCode = 2;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}
