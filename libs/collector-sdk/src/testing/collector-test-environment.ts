import { DsarEvent, EventTypes } from '@dsar/contracts';
import { BlobStore, EncryptedFileBlobStore } from '@dsar/storage';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventProbe } from './event-probe';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** What a collector under test is given: the settings every collector reads, and its blob store. */
export interface CollectorTestEnvironment {
  /** DATABASE_URL, Kafka transport under the suite's topic prefix, a silent log, a fresh encrypted storage. */
  env: Record<string, string>;
  storageDir: string;
  masterKey: string;
  /** The collector's storage, opened with the same master key: to read what it wrote. */
  blobs: EncryptedFileBlobStore;
}

export async function collectorTestEnvironment(options: {
  name: string;
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaTopicPrefix: string;
}): Promise<CollectorTestEnvironment> {
  const storageDir = await mkdtemp(join(tmpdir(), `dsar-${options.name}-`));
  const masterKey = randomBytes(32).toString('base64');
  return {
    env: {
      DATABASE_URL: options.databaseUrl,
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: options.kafkaTopicPrefix,
      LOG_LEVEL: 'silent',
      STORAGE_DIR: storageDir,
      STORAGE_MASTER_KEY: masterKey,
    },
    storageDir,
    masterKey,
    blobs: new EncryptedFileBlobStore(storageDir, Buffer.from(masterKey, 'base64')),
  };
}

/** Starts a collector's main.ts (path from the repository root) as a child process that can be killed. */
export function spawnCollector(mainPath: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', mainPath], { cwd: REPO_ROOT, env, stdio: 'ignore' });
}

export async function killCollector(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

/** The temporary files of blobs being written (the store renames each into place when complete). */
export async function partialBlobFiles(storageDir: string): Promise<Array<{ path: string; size: number }>> {
  const entries = (await readdir(storageDir, { recursive: true }).catch(() => [])) as string[];
  const partial = entries.filter((e) => e.endsWith('.partial'));
  return Promise.all(partial.map(async (path) => ({ path, size: (await stat(join(storageDir, path)).catch(() => ({ size: 0 }))).size })));
}

/** Checksum and size of a stored blob's content, to compare with what a result reported. */
export async function blobDigest(store: BlobStore, key: string): Promise<{ sha256: string; size: number }> {
  const digest = createHash('sha256');
  let size = 0;
  for await (const chunk of await store.get(key)) {
    digest.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: digest.digest('hex'), size };
}

/** The polling helper of the test harness (`expectEventually`), passed in: this library may not import it. */
export type Eventually = <T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options?: { timeoutMs?: number; intervalMs?: number; what?: string },
) => Promise<T>;

export interface KilledMidExport {
  /** Results seen between the kill and the restart: none is expected. */
  resultsBeforeRestart: DsarEvent<typeof EventTypes.CollectionResultReported>[];
  /** The task's result after the restart. */
  result: DsarEvent<typeof EventTypes.CollectionResultReported>;
}

/**
 * Starts a collector, kills it (SIGKILL) once the task's export has written `partialBytes` to a
 * temporary blob, starts it again and waits for the task's result. Then it runs `marker`, a later
 * task of the same request (same partition), so that any redelivery of the first has been
 * consumed by the time the caller counts its results.
 */
export async function killMidExportAndRestart(options: {
  start: () => ChildProcess;
  probe: EventProbe;
  task: DsarEvent<typeof EventTypes.CollectionTaskRequested>;
  marker: DsarEvent<typeof EventTypes.CollectionTaskRequested>;
  storageDir: string;
  partialBytes: number;
  eventually: Eventually;
}): Promise<KilledMidExport> {
  const { probe, task, marker, eventually } = options;
  const resultOf = (taskId: string) => probe.of(EventTypes.CollectionResultReported, (e) => e.data.taskId === taskId)[0];
  const child = options.start();
  await probe.publish(task);
  await eventually(
    async () => ((await partialBlobFiles(options.storageDir)).some((f) => f.size > options.partialBytes) ? true : undefined),
    {
      timeoutMs: 90_000,
      intervalMs: 20,
      what: 'an export in progress',
    },
  );
  await killCollector(child);
  const resultsBeforeRestart = probe.of(EventTypes.CollectionResultReported);

  options.start();
  const result = await eventually(() => resultOf(task.data.taskId), { timeoutMs: 150_000, what: 'the result after the restart' });
  await probe.publish(marker);
  await eventually(() => resultOf(marker.data.taskId), { timeoutMs: 60_000, what: 'the result of the marker task' });
  return { resultsBeforeRestart, result };
}
