/**
 * npm run bench:export [-- --size-mb=1024 --keep --json]
 *
 * Streams a large export for ONE subject from the demo systems to the encrypted blob store and
 * prints the time it took and the peak memory (RSS) of the exporting process. The demo systems are
 * seeded into a fresh database on the PostgreSQL server of DATABASE_URL (a superuser URL; default
 * postgres://postgres@127.0.0.1:5432/postgres), with a browsing history of about --size-mb for the
 * subject in the demo analytics system; the export then runs in a child process
 * (test/bench/support/export-worker.ts) so that its peak RSS is its own. Target: under 256 MB.
 *
 * Options (or BENCH_<NAME> environment variables, e.g. BENCH_SIZE_MB=256):
 *   --size-mb=<n>  about how much the subject's export weighs (default 1024)
 *   --heap-mb=<n>  the exporting process's V8 old-space limit, as a collector container would set it
 *                  with NODE_OPTIONS=--max-old-space-size (default 128; 0 = Node's default)
 *   --keep         keep the database and the blob folder
 *   --json         also print the figures as one JSON line
 */
import { seedBulkPageViews, seedDemoDatabase } from '@dsar/collector-postgres';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const REPO_ROOT = resolve(__dirname, '../..');
const SUBJECT = 'ada@example.org';
const out = (line = '') => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function option(name: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (flag) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : 'true';
  return process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function runWorker(args: string[], heapMb: number): Promise<string> {
  const heap = heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : [];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...heap, '-r', '@swc-node/register', 'test/bench/support/export-worker.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.once('exit', (code) => (code === 0 ? done(stdout) : fail(new Error(`the export worker exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const sizeMb = Number(option('size-mb', '1024'));
  const heapMb = Number(option('heap-mb', '128'));
  const keep = option('keep', 'false') === 'true';
  const json = option('json', 'false') === 'true';
  if (!Number.isFinite(sizeMb) || sizeMb <= 0) throw new Error('--size-mb must be a positive number');

  const database = `dsar_bench_export_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  const storageDir = await mkdtemp(join(tmpdir(), 'dsar-bench-export-'));
  try {
    out(`seeding the demo systems into ${database}, with about ${sizeMb} MB of page views for one subject…`);
    const seedStarted = Date.now();
    await seedDemoDatabase(url.toString());
    const rows = await seedBulkPageViews(url.toString(), SUBJECT, sizeMb * 1024 * 1024);
    out(`seeded ${rows} rows in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    const report = JSON.parse(
      await runWorker([url.toString(), join(REPO_ROOT, 'apps/collector-postgres/config/demo-systems.json'), storageDir, SUBJECT], heapMb),
    ) as {
      seconds: number;
      peakRssBytes: number;
      baselineRssBytes: number;
      systems: Array<{ systemId: string; outcome: string; records: number; bytes: number }>;
    };
    const bytes = report.systems.reduce((n, s) => n + s.bytes, 0);
    const records = report.systems.reduce((n, s) => n + s.records, 0);
    out();
    out('export of one subject from the demo systems to the encrypted blob store (NDJSON, AES-256-GCM)');
    for (const s of report.systems)
      out(`  ${s.systemId.padEnd(18)} ${s.outcome.padEnd(9)} ${String(s.records).padStart(9)} records ${mb(s.bytes).padStart(9)} MB`);
    out(`  total              ${String(records).padStart(19)} records ${mb(bytes).padStart(9)} MB`);
    out(`  time               ${report.seconds.toFixed(1)} s (${mb(bytes / report.seconds)} MB/s)`);
    out(
      `  peak RSS           ${mb(report.peakRssBytes)} MB (target: under 256 MB); ${mb(report.baselineRssBytes)} MB before the export began`,
    );
    out(`  V8 old space       ${heapMb > 0 ? `limited to ${heapMb} MB` : "Node's default"}`);
    if (json)
      out(
        JSON.stringify({
          bytes,
          records,
          seconds: report.seconds,
          peakRssBytes: report.peakRssBytes,
          baselineRssBytes: report.baselineRssBytes,
        }),
      );
  } finally {
    if (keep) {
      out(`kept: database ${database}, blobs in ${storageDir}`);
    } else {
      await rm(storageDir, { recursive: true, force: true });
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
