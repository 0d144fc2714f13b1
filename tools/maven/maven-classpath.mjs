// Fetches the runtime classpath of a tool described by a pom.xml from Maven Central, once,
// into a cache folder; shared by the Kafka broker and S3Proxy launchers.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const MARKER = '.complete';

export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => reject(err.code === 'ENOENT' ? new Error(`'${cmd}' not found on PATH`) : err));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail(output)}`));
    });
  });
}

export function tail(text, lines = 40) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The version a pom declares in `<property>` and the pom's hash (editing the pom refetches). */
export function readPom(pom, property) {
  const text = fs.readFileSync(pom, 'utf8');
  const version = new RegExp(`<${property.replace(/\./g, '\\.')}>([^<]+)</`).exec(text)?.[1];
  if (!version) throw new Error(`No <${property}> in ${pom}`);
  return { version, hash: createHash('sha256').update(text).digest('hex') };
}

function isComplete(libsDir, hash) {
  try {
    return fs.readFileSync(path.join(libsDir, MARKER), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

/** Copies the pom's dependencies into `<cache>/<name>/<version>/libs` (once) and returns that folder. */
export async function fetchClasspath({ pom, name, versionProperty, log = console.error }) {
  const { version, hash } = readPom(pom, versionProperty);
  const cacheRoot = process.env.DSAR_CACHE_DIR || path.join(os.homedir(), '.cache', 'dsar');
  const libsDir = path.join(path.resolve(cacheRoot), name, version, 'libs');
  if (isComplete(libsDir, hash)) return libsDir;

  await fsp.mkdir(path.dirname(libsDir), { recursive: true });
  const tmpDir = `${libsDir}.tmp-${process.pid}-${Date.now()}`;
  log(`Fetching ${name} ${version} jars with Maven into ${libsDir} ...`);
  const started = Date.now();
  try {
    await run('mvn', ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${tmpDir}`]);
    await fsp.writeFile(path.join(tmpDir, MARKER), `${hash}\n`);
    // Publish with a rename so a concurrent run never sees a half-copied directory.
    if (!isComplete(libsDir, hash)) {
      await fsp.rm(libsDir, { recursive: true, force: true });
      try {
        await fsp.rename(tmpDir, libsDir);
      } catch (err) {
        if (!isComplete(libsDir, hash)) throw err; // else another process won the race
      }
    }
  } finally {
    await fsp.rm(tmpDir, { recursive: true, force: true });
  }
  log(`Fetched ${name} ${version} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return libsDir;
}
