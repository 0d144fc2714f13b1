/**
 * npm run bench:intake [-- --duration=20 --connections=20 --warmup=5 --idempotency --cpu-prof --sample-db --keep --json]
 *
 * Starts the embedded platform (apps/launcher/src/embedded.ts) as a child process in a fresh
 * temporary data folder on free ports, with intake's rate limits raised, waits until it is
 * ready, warms up, then drives POST /v1/requests with autocannon for a fixed duration — a
 * distinct valid body per request (distinct subject e-mails, a mix of rights) — prints
 * requests/s and latency percentiles, then measures the machine's own ceiling in the same run —
 * the same transaction shape (five inserts, one commit) straight through `pg` on the same
 * PostgreSQL with as many clients as connections — prints intake's share of it against the
 * targets, and stops the platform. All traffic stays on 127.0.0.1.
 *
 * Options (or BENCH_<NAME> environment variables, e.g. BENCH_DURATION=30):
 *   --duration=<s>      measured run (default 20)
 *   --warmup=<s>        warm-up run, not measured (default 5)
 *   --connections=<n>   concurrent connections (default 20)
 *   --pipelining=<n>    requests in flight per connection (default 1)
 *   --idempotency       send a distinct Idempotency-Key with every request
 *   --cpu-prof          write a V8 CPU profile of the platform process and summarise it
 *   --sample-db         sample pg_stat_activity during the run, count what PostgreSQL did per request,
 *                       and time how long the verification challenges and e-mails take to catch up (≤ 90 s)
 *   --ceiling=<s>       how long to measure the same-shape transaction ceiling (default 10; 0: skip)
 *   --keep              keep the data folder (and the profile) instead of deleting it
 *   --json              also print the figures as one JSON line
 */
import { REQUEST_TYPES, RequestType } from '@dsar/domain';
import { SERVICES } from '@dsar/launcher';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { sampleRequest } from '@dsar/testing';
import { summariseCpuProfile } from './support/cpu-profile';
import { CeilingResult, measureTransactionCeiling } from './support/transaction-ceiling';

const REPO_ROOT = resolve(__dirname, '../..');
const HOST = '127.0.0.1';
/** The embedded cluster's credentials (libs/persistence/src/embedded-postgres.ts); it listens on 127.0.0.1 only. */
const EMBEDDED_PG = { user: 'dsar', password: 'dsar-embedded', database: 'dsar' };

const out = (line = '') => process.stdout.write(`${line}\n`);

interface Options {
  duration: number;
  warmup: number;
  connections: number;
  pipelining: number;
  idempotency: boolean;
  cpuProf: boolean;
  sampleDb: boolean;
  ceiling: number;
  keep: boolean;
  json: boolean;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--(no-)?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    flags.set(match[2], match[1] ? 'false' : (match[3] ?? 'true'));
  }
  const value = (name: string, fallback: string) =>
    flags.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
  const number = (name: string, fallback: number, min: number, max: number) => {
    const parsed = Number(value(name, String(fallback)));
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return parsed;
  };
  const bool = (name: string, fallback: boolean) => value(name, String(fallback)) === 'true' || value(name, String(fallback)) === '1';
  return {
    duration: number('duration', 20, 1, 3_600),
    warmup: number('warmup', 5, 0, 600),
    connections: number('connections', 20, 1, 1_000),
    pipelining: number('pipelining', 1, 1, 100),
    idempotency: bool('idempotency', false),
    cpuProf: bool('cpu-prof', false),
    sampleDb: bool('sample-db', false),
    ceiling: number('ceiling', 10, 0, 600),
    keep: bool('keep', false),
    json: bool('json', false),
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, HOST, () => server.close(() => done(true)));
  });
}

/** Six consecutive free ports for the services, and one for PostgreSQL. */
async function freePorts(): Promise<{ basePort: number; postgresPort: number }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const basePort = 20_000 + Math.floor(Math.random() * 20_000);
    const postgresPort = basePort + 20_000;
    const wanted = SERVICES.map((_, i) => basePort + i).concat(postgresPort);
    if ((await Promise.all(wanted.map(portIsFree))).every(Boolean)) return { basePort, postgresPort };
  }
  throw new Error('no free ports found');
}

interface Platform {
  child: ChildProcess;
  dataDir: string;
  profileDir: string;
  basePort: number;
  postgresPort: number;
  output: () => string;
}

async function startPlatform(options: Options): Promise<Platform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dsar-bench-'));
  await chmod(dataDir, 0o755); // PostgreSQL runs as the postgres user when we are root
  const profileDir = join(dataDir, 'cpu-profile');
  const { basePort, postgresPort } = await freePorts();
  const nodeArgs = [
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '-r',
    '@swc-node/register',
    'apps/launcher/src/embedded.ts',
  ];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST,
      DSAR_DATA_DIR: dataDir,
      DSAR_BASE_PORT: String(basePort),
      EMBEDDED_POSTGRES_PORT: String(postgresPort),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IDENTITY_PER_HOUR: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const platform = { child, dataDir, profileDir, basePort, postgresPort, output: () => output };
  const deadline = Date.now() + 180_000;
  while (!output.includes('DSAR platform ready')) {
    if (child.exitCode !== null) throw new Error(`the embedded platform exited (${child.exitCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      await stopPlatform(platform);
      throw new Error(`the embedded platform was not ready within 180 s:\n${output}`);
    }
    await sleep(200);
  }
  return platform;
}

/** SIGTERM, as `npm start` gets it; then, only if it hangs, SIGKILL it and the PostgreSQL it started. */
async function stopPlatform(platform: Platform): Promise<void> {
  const { child } = platform;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
  if (inTime) return;
  out('the platform did not stop within 30 s of SIGTERM: killing it');
  child.kill('SIGKILL');
  await exited;
  const pidFile = join(platform.dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

/** A distinct valid body per call: a new subject e-mail every time, rights in a fixed mix. */
function bodies(): () => string {
  // A realistic mix: access and erasure dominate, the rarer rights still come.
  const weights: Partial<Record<RequestType, number>> = {
    access: 40,
    erasure: 20,
    rectification: 10,
    objection: 10,
    portability: 8,
    'consent-withdrawal': 6,
  };
  const mix: RequestType[] = REQUEST_TYPES.flatMap((type) => Array.from({ length: weights[type] ?? 1 }, () => type));
  const run = randomBytes(3).toString('hex');
  let counter = 0;
  return () => {
    counter++;
    return JSON.stringify(sampleRequest(mix[counter % mix.length], `bench.${run}.${counter}@example.org`));
  };
}

function drive(url: string, options: Options, seconds: number, nextBody: () => string): Promise<autocannon.Result> {
  let key = 0;
  const keyPrefix = randomBytes(4).toString('hex');
  return autocannon({
    url,
    connections: options.connections,
    pipelining: options.pipelining,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/v1/requests',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({
          ...request,
          body: nextBody(),
          ...(options.idempotency ? { headers: { ...request.headers, 'idempotency-key': `bench-${keyPrefix}-${++key}` } } : {}),
        }),
      },
    ],
  });
}

const statusCounts = (result: autocannon.Result) =>
  Object.entries(result.statusCodeStats ?? {})
    .map(([status, { count }]) => `${status}×${count ?? 0}`)
    .join(' ');

interface DatabaseSampler {
  stop(): Promise<string[]>;
}

/** Polls pg_stat_activity: what the platform's connections are doing or waiting on, by share of samples. */
async function sampleDatabase(postgresPort: number): Promise<DatabaseSampler> {
  const client = new Client({ host: HOST, port: postgresPort, ...EMBEDDED_PG });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const before = await databaseCounters(client);
  const startedAt = Date.now();
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ application_name: string; state: string; wait: string | null; query: string }>(
        `SELECT application_name, state, wait_event_type || ':' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle'`,
        [EMBEDDED_PG.database],
      );
      samples++;
      for (const row of rows) {
        const key = `${row.application_name} | ${row.state} | ${row.wait ?? 'on CPU'} | ${row.query}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const seconds = (Date.now() - startedAt) / 1000;
      const after = await databaseCounters(client);
      // The create endpoint answers before the rest of the platform has acted: how far behind were
      // the verification challenges and their e-mails when the load stopped, and how long to catch up?
      const downstream = async () => {
        const { rows } = await client.query<{ requests: number; challenges: number; mails: number }>(
          `SELECT (SELECT count(*) FROM intake.requests)::int AS requests, (SELECT count(*) FROM identity.challenges)::int AS challenges,
                  (SELECT count(*) FROM notification.outgoing_mail)::int AS mails`,
        );
        return rows[0];
      };
      const atStop = await downstream().catch(() => undefined);
      let caughtUpAfter: number | undefined;
      let atEnd = atStop;
      for (const started = Date.now(); atStop && Date.now() - started < 90_000; await sleep(500)) {
        atEnd = await downstream();
        if (atEnd.challenges >= atEnd.requests && atEnd.mails >= atEnd.requests) {
          caughtUpAfter = (Date.now() - started) / 1000;
          break;
        }
      }
      await client.end();
      const created = after.requests - before.requests;
      const per = (value: number) => (created > 0 ? (value / created).toFixed(1) : '-');
      return [
        `PostgreSQL during the run (${samples} samples of pg_stat_activity, every ~20 ms; share = average number of busy connections in that state):`,
        ...[...counts]
          .sort(([, a], [, b]) => b - a)
          .slice(0, 15)
          .map(([key, n]) => `  ${(n / samples).toFixed(2).padStart(6)}  ${key}`),
        `  requests created: ${created} (${(created / seconds).toFixed(0)}/s); per request created: ` +
          `${per(after.commits - before.commits)} commits, ${per(after.inserted - before.inserted)} rows inserted, ` +
          `${per(after.walRecords - before.walRecords)} WAL records, ${per(after.walSyncs - before.walSyncs)} WAL fsyncs`,
        atStop
          ? `  when the load stopped: ${atStop.requests} requests, ${atStop.challenges} verification challenges, ${atStop.mails} e-mails; ` +
            (caughtUpAfter === undefined
              ? `90 s later still ${atEnd!.requests - atEnd!.challenges} challenges and ${atEnd!.requests - atEnd!.mails} e-mails behind`
              : `caught up ${caughtUpAfter.toFixed(1)} s later`)
          : '  (could not count challenges and e-mails)',
      ];
    },
  };
}

async function databaseCounters(client: Client) {
  const [{ commits }] = (
    await client.query('SELECT xact_commit::float AS commits FROM pg_stat_database WHERE datname = current_database()')
  ).rows;
  const [{ inserted }] = (await client.query('SELECT coalesce(sum(n_tup_ins), 0)::float AS inserted FROM pg_stat_user_tables')).rows;
  const [{ requests }] = (await client.query('SELECT count(*)::float AS requests FROM intake.requests')).rows;
  const wal = await client
    .query('SELECT wal_records::float AS records, wal_sync::float AS syncs FROM pg_stat_wal')
    .then(({ rows }) => rows[0] as { records: number; syncs: number })
    .catch(() => ({ records: NaN, syncs: NaN })); // pg_stat_wal.wal_sync moved to pg_stat_io in PostgreSQL 18
  return { commits, inserted, requests, walRecords: wal.records, walSyncs: wal.syncs };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const budgetMs = (options.warmup + options.duration + 360) * 1000;
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench:intake did not finish within ${budgetMs / 1000} s: giving up\n`);
    process.exit(2);
  }, budgetMs);
  watchdog.unref();

  out(`bench:intake — ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  out(
    `  ${options.connections} connections, pipelining ${options.pipelining}, warm-up ${options.warmup} s, measured ${options.duration} s` +
      `${options.idempotency ? ', Idempotency-Key on every request' : ''}${options.cpuProf ? ', CPU profile' : ''}`,
  );
  out('  starting the embedded platform…');
  const startedAt = Date.now();
  const platform = await startPlatform(options);
  const url = `http://${HOST}:${platform.basePort}`;
  out(`  ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — intake at ${url}, PostgreSQL on ${HOST}:${platform.postgresPort}`);

  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    out('interrupted: stopping the platform');
    void stopPlatform(platform).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failure: unknown;
  try {
    const nextBody = bodies();
    // One request first: a refusal here (429: rate limits not raised; 4xx: bodies out of date) stops the run.
    const probe = await fetch(`${url}/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody() });
    if (probe.status !== 201) throw new Error(`a valid request was answered ${probe.status}: ${await probe.text()}`);

    if (options.warmup > 0) {
      const warm = await drive(url, options, options.warmup, nextBody);
      out(`  warm-up: ${warm.requests.total} requests, ${warm.requests.average.toFixed(0)} req/s, statuses ${statusCounts(warm)}`);
      if ((warm.statusCodeStats as Record<string, unknown> | undefined)?.['429']) {
        throw new Error(
          'intake answered 429 during the warm-up: its rate limits were not raised (serviceEnvironment() in apps/launcher/src/services.ts must pass RATE_LIMIT_* on to intake)',
        );
      }
    }

    const sampler = options.sampleDb ? await sampleDatabase(platform.postgresPort) : undefined;
    const result = await drive(url, options, options.duration, nextBody);
    const dbLines = await sampler?.stop();

    const { latency, requests } = result;
    out('');
    out(`POST /v1/requests on the embedded platform — ${options.duration} s, ${options.connections} connections`);
    out(
      `  requests/s   mean ${requests.average.toFixed(0)}   (stdev ${requests.stddev.toFixed(0)}, min ${requests.min}, max ${requests.max})`,
    );
    out(
      `  latency ms   p50 ${latency.p50}   p90 ${latency.p90}   p99 ${latency.p99}   (mean ${latency.average.toFixed(1)}, max ${latency.max})`,
    );
    out(
      `  requests     ${requests.total} sent, ${result['2xx']} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
    out(`  statuses     ${statusCounts(result)}`);
    if ((result.statusCodeStats as Record<string, unknown> | undefined)?.['429']) {
      out('  note         429 answers: intake kept its default rate limits (does the launcher still pass RATE_LIMIT_* on?)');
    }
    const ceiling = options.ceiling > 0 ? await transactionCeiling(platform.postgresPort, options) : undefined;
    if (ceiling) printShareOfCeiling(requests.average, latency.p99, ceiling);
    if (dbLines) {
      out('');
      dbLines.forEach((line) => out(line));
    }
    if (options.json) {
      out(
        JSON.stringify({
          duration: options.duration,
          connections: options.connections,
          requestsPerSecond: requests.average,
          latency: { p50: latency.p50, p90: latency.p90, p99: latency.p99, mean: latency.average, max: latency.max },
          total: requests.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodeStats: result.statusCodeStats,
          ceiling,
        }),
      );
    }
  } catch (error) {
    failure = error;
  } finally {
    if (!interrupted) {
      out('');
      out('  stopping the platform…');
      await stopPlatform(platform);
      if (options.cpuProf) {
        const profiles = existsSync(platform.profileDir) ? readdirSync(platform.profileDir).filter((f) => f.endsWith('.cpuprofile')) : [];
        for (const file of profiles) printProfile(join(platform.profileDir, file));
        if (profiles.length === 0) out('  no CPU profile was written (did the platform exit cleanly?)');
      }
      if (options.keep) out(`  data folder kept: ${platform.dataDir}`);
      else await rm(platform.dataDir, { recursive: true, force: true });
    }
  }
  if (failure) throw failure;
}

/** The machine's limit for intake's transaction shape, measured now, and the run's share of it against the targets. */
async function transactionCeiling(postgresPort: number, options: Options): Promise<CeilingResult> {
  const ceiling = await measureTransactionCeiling({ host: HOST, port: postgresPort, ...EMBEDDED_PG }, options.connections, options.ceiling);
  out('');
  out(
    `Ceiling: the same transaction shape (5 inserts, 1 commit) straight through pg, ${options.connections} clients, ${options.ceiling} s`,
  );
  out(
    `  ${ceiling.transactionsPerSecond.toFixed(0)} transactions/s, p50 ${ceiling.latencyMs.p50.toFixed(1)} ms, p99 ${ceiling.latencyMs.p99.toFixed(1)} ms (${ceiling.transactions} in all)`,
  );
  return ceiling;
}

function printShareOfCeiling(requestsPerSecond: number, p99: number, ceiling: CeilingResult): void {
  const share = requestsPerSecond / ceiling.transactionsPerSecond;
  out(`  intake       ${(share * 100).toFixed(1)} % of the ceiling, p99 ${p99} ms`);
  out(`  target       intake ≥ 50 % of the ceiling with p99 ≤ 50 ms: ${share >= 0.5 && p99 <= 50 ? 'met' : 'NOT met'}`);
}

function printProfile(file: string): void {
  const summary = summariseCpuProfile(file);
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  out('');
  out(`CPU profile of the platform process (${(summary.totalMs / 1000).toFixed(1)} s sampled, start-up and warm-up included): ${file}`);
  out('  self time by area:');
  summary.byArea.slice(0, 15).forEach(({ area, share }) => out(`    ${pct(share)}  ${area}`));
  out('  self time by function:');
  summary.byFunction.slice(0, 20).forEach(({ name, share }) => out(`    ${pct(share)}  ${name}`));
  out('  time with these on the stack (synchronous call chains only):');
  summary.inclusive.forEach(({ name, share }) => out(`    ${pct(share)}  ${name}`));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:intake failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
