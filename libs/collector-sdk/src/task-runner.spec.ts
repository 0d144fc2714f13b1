import { EncryptedFileBlobStore, readBlobText } from '@dsar/storage';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CollectionTask, Collector, CollectorError, ExportRecord } from './collector';
import { runCollectionTask, TaskRunnerOptions } from './task-runner';

const task = (action: CollectionTask['action'] = 'export'): CollectionTask => ({
  requestId: randomUUID(),
  taskId: randomUUID(),
  systemId: 'demo-crm',
  action,
  identities: { email: 'ada@example.org' },
});

async function* records(list: ExportRecord[]): AsyncGenerator<ExportRecord> {
  for (const record of list) yield record;
}

describe('runCollectionTask', () => {
  let root: string;
  let options: TaskRunnerOptions;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dsar-sdk-'));
    options = {
      blobs: new EncryptedFileBlobStore(root, randomBytes(32)),
      retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
      attemptTimeoutMs: 1_000,
    };
  });

  it('streams an export as NDJSON to the blob store and counts records per category', async () => {
    const collector: Collector = {
      systems: ['demo-crm'],
      export: () =>
        records([
          { category: 'identity', source: 'crm.customers', record: { first_name: 'Ada' } },
          { category: 'orders', source: 'crm.orders', record: { product: 'English' } },
          { category: 'orders', source: 'crm.orders', record: { product: 'Workshop' } },
        ]),
    };
    const t = task();
    const result = await runCollectionTask(collector, t, options);
    expect(result).toMatchObject({
      outcome: 'exported',
      action: 'export',
      recordCount: 3,
      categories: [
        { category: 'identity', records: 1, exported: 1 },
        { category: 'orders', records: 2, exported: 2 },
      ],
    });
    expect(result.export?.key).toBe(`exports/${t.requestId}/demo-crm/${t.taskId}.ndjson`);
    const lines = (await readBlobText(options.blobs, result.export!.key))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ category: 'identity', source: 'crm.customers', record: { first_name: 'Ada' } });
    expect(lines).toHaveLength(3);
  });

  it('reports no-data and keeps no empty blob when the subject is unknown', async () => {
    const collector: Collector = { systems: ['demo-crm'], export: () => records([]) };
    const result = await runCollectionTask(collector, task(), options);
    expect(result).toEqual({ outcome: 'no-data', action: 'export', recordCount: 0, categories: [] });
    expect(await readdir(root)).toEqual([]);
  });

  it('retries a failing system with back-off and succeeds', async () => {
    let calls = 0;
    const collector: Collector = {
      systems: ['demo-crm'],
      export: () => records([]),
      erase: async () => {
        calls++;
        if (calls < 3) throw new Error('connection refused to ada@example.org');
        return [{ category: 'identity', records: 1, erased: 1 }];
      },
    };
    const result = await runCollectionTask(collector, task('erase'), options);
    expect(calls).toBe(3);
    expect(result).toEqual({
      outcome: 'completed',
      action: 'erase',
      recordCount: 1,
      categories: [{ category: 'identity', records: 1, erased: 1 }],
    });
  });

  it('reports failed after the last attempt, without the error text that may hold personal data', async () => {
    const collector: Collector = {
      systems: ['demo-crm'],
      export: () => records([]),
      erase: async () => {
        throw new Error('duplicate key (email)=(ada@example.org)');
      },
    };
    const result = await runCollectionTask(collector, task('erase'), options);
    expect(result).toEqual({ outcome: 'failed', action: 'erase', recordCount: 0, error: 'the system failed (Error)' });
  });

  it('abandons an attempt that exceeds the timeout, and leaves no partial blob', async () => {
    options.attemptTimeoutMs = 150;
    options.retry.maxAttempts = 2;
    const collector: Collector = {
      systems: ['demo-crm'],
      async *export() {
        yield { category: 'identity', source: 'crm.customers', record: { n: 1 } };
        await sleep(10_000, undefined, { ref: false });
      },
    };
    const started = Date.now();
    const result = await runCollectionTask(collector, task(), options);
    expect(result).toEqual({ outcome: 'failed', action: 'export', recordCount: 0, error: 'the system did not answer in time' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const leftovers = await readdir(root, { recursive: true });
    expect(leftovers.filter((f) => String(f).endsWith('.enc') || String(f).endsWith('.partial'))).toEqual([]);
  });

  it('does not retry what cannot succeed, and says why', async () => {
    let calls = 0;
    const collector: Collector = {
      systems: ['demo-crm'],
      export: () => records([]),
      rectify: async () => {
        calls++;
        throw new CollectorError('field "salary" cannot be rectified in this system', false);
      },
    };
    expect(await runCollectionTask(collector, task('rectify'), options)).toMatchObject({
      outcome: 'failed',
      error: 'field "salary" cannot be rectified in this system',
    });
    expect(calls).toBe(1);
    expect(await runCollectionTask(collector, task('restrict'), options)).toMatchObject({
      outcome: 'failed',
      error: 'this collector cannot restrict',
    });
  });
});
