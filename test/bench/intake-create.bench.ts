import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `npm run bench:intake`: starts the embedded platform (every service in one process, its
 * own PostgreSQL) in a fresh folder, drives POST /v1/requests with autocannon for a fixed
 * time with a distinct valid body per request, and prints throughput and latency. Only
 * 127.0.0.1 is ever contacted; the platform is stopped at the end.
 */
const REPO_ROOT = resolve(__dirname, '../..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const BASE_PORT = Number(process.env.BENCH_BASE_PORT ?? 3700);
const TYPES = [
  { type: 'access', details: { scope: 'all' } },
  { type: 'erasure', details: { scope: 'all', ground: 'consent-withdrawn' } },
  { type: 'objection', details: { processing: 'direct-marketing' } },
  { type: 'portability', details: { formats: ['json'] } },
];

async function startPlatform(dataDir: string): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/launcher/src/embedded.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DSAR_DATA_DIR: dataDir,
      DSAR_BASE_PORT: String(BASE_PORT),
      EMBEDDED_POSTGRES_PORT: String(BASE_PORT + 50_000),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IDENTITY_PER_HOUR: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  for (let waited = 0; !output.includes('DSAR platform ready'); waited += 250) {
    if (child.exitCode !== null || waited > 120_000) throw new Error(`the embedded platform did not start:\n${output.slice(-2_000)}`);
    await sleep(250);
  }
  return { child, output: () => output };
}

function drive(seconds: number, label: string): Promise<autocannon.Result> {
  let sequence = 0;
  return new Promise((resolveRun, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${BASE_PORT}/v1/requests`,
        method: 'POST',
        connections: CONNECTIONS,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              const n = sequence++;
              const body = { ...TYPES[n % TYPES.length], subject: { email: `${label}.${n}@bench.example.org` } };
              return { ...request, body: JSON.stringify(body) };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolveRun(result)),
    );
  });
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dsar-bench-'));
  await chmod(dataDir, 0o755);
  const platform = await startPlatform(dataDir);
  try {
    await drive(3, 'warmup');
    const result = await drive(DURATION_S, 'run');
    const line = (name: string, value: string) => process.stdout.write(`${name.padEnd(28)}${value}\n`);
    process.stdout.write(`\nPOST /v1/requests on the embedded mode, ${CONNECTIONS} connections, ${DURATION_S} s\n`);
    line('requests/s (mean)', result.requests.average.toFixed(1));
    line('latency p50 / p90 / p99', `${result.latency.p50} / ${result.latency.p90} / ${result.latency.p99} ms`);
    line('requests completed', String(result.requests.total));
    line('non-2xx / errors / timeouts', `${result.non2xx} / ${result.errors} / ${result.timeouts}`);
    line('target', '2000 requests/s, p99 < 50 ms');
  } finally {
    const exited = new Promise((done) => platform.child.once('exit', done));
    platform.child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (platform.child.exitCode === null) platform.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
