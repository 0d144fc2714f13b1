/**
 * The measured half of `npm run bench:export`, in its own process so that its peak memory is
 * the export's alone: exports one subject from every demo system to an encrypted blob store,
 * through the collector SDK, exactly as collector-postgres does for a task. Prints one JSON line.
 */
import { runCollectionTask } from '@dsar/collector-sdk';
import { loadSystemMappings, PostgresCollector } from '@dsar/collector-postgres';
import { EncryptedFileBlobStore } from '@dsar/storage';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';

async function main(): Promise<void> {
  const [sourceUrl, mappingFile, storageDir, email] = process.argv.slice(2);
  const pool = new Pool({ connectionString: sourceUrl, max: 2 });
  const mappings = loadSystemMappings(mappingFile);
  const collector = new PostgresCollector(pool, mappings, () => undefined);
  const blobs = new EncryptedFileBlobStore(storageDir, randomBytes(32));
  const requestId = randomUUID();
  const baselineRssBytes = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  let peakSample = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakSample = Math.max(peakSample, process.memoryUsage().rss)), 50);
  const systems: Array<{ systemId: string; outcome: string; records: number; bytes: number }> = [];
  try {
    for (const { id } of mappings) {
      const result = await runCollectionTask(
        collector,
        { requestId, taskId: randomUUID(), systemId: id, action: 'export', identities: { email } },
        { blobs, retry: { maxAttempts: 1, initialBackoffMs: 100, maxBackoffMs: 100 }, attemptTimeoutMs: 3_600_000 },
      );
      systems.push({ systemId: id, outcome: result.outcome, records: result.recordCount, bytes: result.export?.size ?? 0 });
    }
  } finally {
    clearInterval(sampler);
    await pool.end();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is in kilobytes: the true peak, including what the sampler could miss.
  const peakRssBytes = Math.max(peakSample, process.resourceUsage().maxRSS * 1024);
  process.stdout.write(`${JSON.stringify({ seconds, peakRssBytes, baselineRssBytes, systems })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
