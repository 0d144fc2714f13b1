/**
 * npm run bench:fulfilment [-- --requests=1000 --concurrency=25 --rate=0 --systems=6 --timeout=1800 --json]
 *
 * Runs access requests through the distributed mode on Kafka: every service its own process
 * (apps/launcher DistributedPlatform), a PostgreSQL server, the Kafka broker of KAFKA_BROKERS,
 * e-mail over SMTP to a local catcher. The demo profile is reduced to its first `--systems` demo
 * systems, and every bench subject holds, in each of them, a copy of Ada Lovelace's demo rows,
 * so each request exports real data from every system in scope.
 *
 * The subject's side is driven over HTTP (intake, then identity with the code read from the
 * verification event on the bus); the clock is read from the events themselves: verification
 * (VerificationSucceeded.verifiedAt) to package (FulfilmentPackageReady time).
 *
 * `--rate` paces submissions (requests per second); 0, the default, submits them all at once, so
 * the latency figures then include the time spent queueing behind the burst.
 *
 * Prints: requests completed per minute, p50/p95 time from verification to package, and the
 * peak resident memory (VmHWM) of each service process.
 *
 * Needs: PostgreSQL on DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and
 * Kafka on KAFKA_BROKERS (default 127.0.0.1:29092). Options may also be set as BENCH_<NAME>.
 */
import { sealingContext, SubjectSecretSealer } from '@dsar/auth';
import { seedDemoDatabase } from '@dsar/collector-postgres';
import { DsarEvent, EventTypes, topicsOf } from '@dsar/contracts';
import { DistributedPlatform, loadOrCreateSecrets, SERVICES, startMailCatcher } from '@dsar/launcher';
import { KafkaTransport } from '@dsar/messaging';
import { createTestDatabase, uniqueKafkaPrefix } from '@dsar/testing';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { parse, stringify } from 'yaml';
import { envForEveryService, startDistributedPlatform } from '../support/distributed-platform';

const REPO_ROOT = resolve(__dirname, '../..');
const out = (line = '') => process.stdout.write(`${line}\n`);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Options {
  requests: number;
  concurrency: number;
  rate: number;
  systems: number;
  timeout: number;
  json: boolean;
}

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const value = (name: string, fallback: string) => flags.get(name) ?? process.env[`BENCH_${name.toUpperCase()}`] ?? fallback;
  return {
    requests: Number(value('requests', '1000')),
    concurrency: Number(value('concurrency', '25')),
    rate: Number(value('rate', '0')),
    systems: Number(value('systems', '6')),
    timeout: Number(value('timeout', '1800')),
    json: value('json', 'false') === 'true',
  };
}

const benchEmail = (i: number) => `bench-${String(i).padStart(5, '0')}@example.org`;

/** Copies Ada's rows to every bench subject, in every demo table, keeping unique columns unique. */
async function cloneAdaRows(demoUrl: string, subjects: number): Promise<void> {
  const demoSystems = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/collector-postgres/config/demo-systems.json'), 'utf8')) as {
    systems: { tables: { table: string; identity: { email: string } }[] }[];
  };
  const sql = new Client({ connectionString: demoUrl });
  await sql.connect();
  try {
    for (const { table, identity } of demoSystems.systems.flatMap((s) => s.tables)) {
      const [schema, name] = table.split('.');
      const columns = (
        await sql.query(
          `SELECT column_name FROM information_schema.columns
            WHERE table_schema = $1 AND table_name = $2 AND column_default IS NULL ORDER BY ordinal_position`,
          [schema, name],
        )
      ).rows.map((r) => r.column_name as string);
      const unique = new Set(
        (
          await sql.query(
            `SELECT k.column_name FROM information_schema.table_constraints c
               JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
              WHERE c.table_schema = $1 AND c.table_name = $2 AND c.constraint_type = 'UNIQUE'`,
            [schema, name],
          )
        ).rows.map((r) => r.column_name as string),
      );
      const select = columns.map((column) => {
        if (column === identity.email) return `'bench-' || lpad(g::text, 5, '0') || '@example.org'`;
        if (unique.has(column)) return `"${column}" || '-b' || g`;
        return `"${column}"`;
      });
      await sql.query(
        `INSERT INTO "${schema}"."${name}" (${columns.map((c) => `"${c}"`).join(', ')})
         SELECT ${select.join(', ')} FROM "${schema}"."${name}" CROSS JOIN generate_series(1, $2::int) g WHERE "${identity.email}" = $1`,
        ['ada@example.org', subjects],
      );
    }
  } finally {
    await sql.end();
  }
}

/** The demo profile with only its first `count` systems (and the categories they hold). */
async function benchProfiles(count: number): Promise<{ dir: string; systems: string[] }> {
  const demo = parse(await readFile(join(REPO_ROOT, 'config/controllers/demo.yaml'), 'utf8'));
  demo.systems = demo.systems.slice(0, count);
  const kept = (demo.systems as { id: string }[]).map((s) => s.id);
  demo.systemsMap = Object.fromEntries(
    Object.entries(demo.systemsMap as Record<string, string[]>).filter(([, ids]) => ids.every((id) => kept.includes(id))),
  );
  const dir = await mkdtemp(join(tmpdir(), 'dsar-bench-profiles-'));
  await writeFile(join(dir, 'demo.yaml'), stringify(demo));
  return { dir, systems: kept };
}

function peakMemoryMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return hwm ? Math.round(Number(hwm) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:29092';
  const basePort = Number(process.env.BENCH_BASE_PORT ?? 4850);
  out(
    `bench:fulfilment — ${options.requests} access requests${options.rate > 0 ? ` at ${options.rate}/s` : ' at once'}, ` +
      `${options.systems} demo systems each, distributed mode on Kafka (${brokers})`,
  );

  const database = await createTestDatabase('bench_fulfilment');
  const demo = await createTestDatabase('bench_fulfilment_demo');
  const workDir = await mkdtemp(join(tmpdir(), 'dsar-bench-fulfilment-'));
  const profiles = await benchProfiles(options.systems);
  let platform: DistributedPlatform | undefined;
  let bus: KafkaTransport | undefined;
  const catcher = await startMailCatcher({ port: 0, dir: join(workDir, 'mail') });
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      await bus?.stop();
      await platform?.stop();
      await catcher.stop();
      await database.drop();
      await demo.drop();
      await rm(workDir, { recursive: true, force: true });
      await rm(profiles.dir, { recursive: true, force: true });
    })());
  // Interrupted, it still stops the services it started and drops its databases.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      out(`\n${signal}: stopping the platform…`);
      cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    await seedDemoDatabase(demo.url);
    await cloneAdaRows(demo.url, options.requests);
    out(`systems: ${profiles.systems.join(', ')}`);

    const prefix = uniqueKafkaPrefix('bench-fulfilment');
    const extraEnv = envForEveryService({ PROFILES_DIR: profiles.dir, LOG_LEVEL: 'warn' });
    Object.assign(extraEnv.intake!, { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000', RATE_LIMIT_PER_IDENTITY_PER_HOUR: '1000000' });
    platform = await startDistributedPlatform({
      workDir,
      basePort,
      databaseUrl: database.url,
      demoDatabaseUrl: demo.url,
      logLevel: 'warn',
      kafkaBrokers: brokers,
      kafkaTopicPrefix: prefix,
      smtpUrl: catcher.url,
      extraEnv,
    });
    const identityUrl = platform.urlOf('identity');
    // The bench plays the subject: it reads codes as notification does.
    const sealer = new SubjectSecretSealer(loadOrCreateSecrets(join(workDir, 'secrets.json')).subjectSecretKey);
    const intakeUrl = platform.urlOf('intake');

    // The subject's side: answer each challenge with its code; the clock: the events' own times.
    const verifiedAt = new Map<string, number>();
    const packagedAt = new Map<string, number>();
    const ours = new Set<string>();
    const verifications: Promise<unknown>[] = [];
    bus = new KafkaTransport({
      brokers: brokers.split(','),
      clientId: 'bench-fulfilment',
      prefix,
      partitions: 3,
      replicationFactor: 1,
      log: silent,
    });
    await bus.start();
    await bus.subscribe({
      group: 'bench-observer',
      topics: topicsOf([EventTypes.VerificationChallengeIssued, EventTypes.VerificationSucceeded, EventTypes.FulfilmentPackageReady]),
      retry: { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 500 },
      handle: async (event: DsarEvent) => {
        if (event.type === EventTypes.VerificationChallengeIssued) {
          const { data } = event as DsarEvent<typeof EventTypes.VerificationChallengeIssued>;
          if (data.method !== 'email-code') return;
          const code = sealer.open(data.sealedSecret, sealingContext(event.type, data.requestId));
          verifications.push(
            fetch(`${identityUrl}/v1/requests/${data.requestId}/verification`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ code }),
            }).then((r) => r.text()),
          );
        } else if (event.type === EventTypes.VerificationSucceeded) {
          verifiedAt.set(event.subject, Date.parse((event as DsarEvent<typeof EventTypes.VerificationSucceeded>).data.verifiedAt));
        } else if (event.type === EventTypes.FulfilmentPackageReady) {
          packagedAt.set(event.subject, Date.parse(event.time));
        }
      },
    });

    const started = Date.now();
    let next = 0;
    let refused = 0;
    const submitOne = async (): Promise<void> => {
      while (next < options.requests) {
        const i = ++next;
        if (options.rate > 0) await sleep(Math.max(0, started + ((i - 1) * 1000) / options.rate - Date.now()));
        const response = await fetch(`${intakeUrl}/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'access', details: { scope: 'all' }, subject: { email: benchEmail(i) }, language: 'en' }),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status === 201 && body.id) ours.add(body.id);
        else refused++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, submitOne));
    out(`submitted ${ours.size} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${refused} refused)`);

    const deadline = Date.now() + options.timeout * 1000;
    let lastReport = 0;
    for (;;) {
      const done = [...ours].filter((id) => packagedAt.has(id)).length;
      if (done >= ours.size || Date.now() > deadline) break;
      if (Date.now() - lastReport > 15_000) {
        out(`  … ${done}/${ours.size} packages ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
        lastReport = Date.now();
      }
      await sleep(500);
    }
    await Promise.allSettled(verifications);

    const completed = [...ours].filter((id) => packagedAt.has(id) && verifiedAt.has(id));
    const durations = completed.map((id) => packagedAt.get(id)! - verifiedAt.get(id)!).sort((a, b) => a - b);
    const firstVerified = Math.min(...completed.map((id) => verifiedAt.get(id)!));
    const lastPackaged = Math.max(...completed.map((id) => packagedAt.get(id)!));
    const perMinute = completed.length / ((lastPackaged - firstVerified) / 60_000);
    const memory = Object.fromEntries(SERVICES.map((service) => [service, peakMemoryMb(platform!.pidOf(service))]));

    out();
    out(`completed:                      ${completed.length}/${ours.size}`);
    out(`requests completed per minute:  ${perMinute.toFixed(1)} (first verification to last package)`);
    out(
      `verification → package:         p50 ${(percentile(durations, 50) / 1000).toFixed(2)} s, p95 ${(percentile(durations, 95) / 1000).toFixed(2)} s, max ${(durations[durations.length - 1] / 1000).toFixed(2)} s`,
    );
    out('peak memory (VmHWM) per process:');
    for (const [service, mb] of Object.entries(memory)) out(`  ${service.padEnd(20)} ${mb ?? '?'} MB`);
    if (options.json) {
      out(
        JSON.stringify({
          requests: ours.size,
          completed: completed.length,
          systems: options.systems,
          perMinute,
          p50Ms: percentile(durations, 50),
          p95Ms: percentile(durations, 95),
          peakMemoryMb: memory,
        }),
      );
    }
  } finally {
    await cleanUp();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
