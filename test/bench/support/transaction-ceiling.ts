import { randomUUID } from 'node:crypto';
import { Pool, PoolConfig } from 'pg';

export interface CeilingResult {
  transactionsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  transactions: number;
}

const SCHEMA = 'bench_ceiling';

/**
 * The same shape as accepting a request (four rows of the request, its parties and its first
 * audit entry, plus its event in the outbox: five inserts, one commit), straight through `pg`
 * with as many clients as the HTTP load has connections: what this PostgreSQL can do for that
 * transaction on this machine, measured beside the platform in the same run.
 */
export async function measureTransactionCeiling(connection: PoolConfig, clients: number, seconds: number): Promise<CeilingResult> {
  const pool = new Pool({ ...connection, max: clients });
  pool.on('error', () => undefined); // an idle client cut off when the server stops: nothing to do
  try {
    return await measure(pool, clients, seconds);
  } finally {
    await pool.end();
  }
}

async function measure(pool: Pool, clients: number, seconds: number): Promise<CeilingResult> {
  await pool.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA};
    CREATE TABLE ${SCHEMA}.persons (id uuid PRIMARY KEY, email text NOT NULL, full_name text);
    CREATE TABLE ${SCHEMA}.requests (id uuid PRIMARY KEY, reference text UNIQUE NOT NULL, status text NOT NULL, details jsonb NOT NULL,
      due_at timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE ${SCHEMA}.tracking_tokens (token_hash text PRIMARY KEY, request_id uuid NOT NULL);
    CREATE TABLE ${SCHEMA}.audit_entries (request_id uuid, sequence int, details jsonb, hash text NOT NULL, PRIMARY KEY (request_id, sequence));
    CREATE TABLE ${SCHEMA}.outbox (seq bigserial PRIMARY KEY, event_id uuid UNIQUE NOT NULL, topic text NOT NULL, key text NOT NULL, value text NOT NULL);`);
  const details = JSON.stringify({ scope: 'all', categories: ['identity', 'contact', 'orders'], note: 'x'.repeat(200) });
  const event = JSON.stringify({ specversion: '1.0', type: 'dsar.request.received.v1', data: { details, padding: 'y'.repeat(600) } });
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const started = performance.now();
        const id = randomUUID();
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${SCHEMA}.persons (id, email, full_name) VALUES ($1, $2, $3)`, [
          id,
          `${id}@example.org`,
          'Ada Lovelace',
        ]);
        await client.query(
          `INSERT INTO ${SCHEMA}.requests (id, reference, status, details, due_at) VALUES ($1, $2, 'awaiting-verification', $3, now())`,
          [id, id.slice(0, 13), details],
        );
        await client.query(`INSERT INTO ${SCHEMA}.tracking_tokens (token_hash, request_id) VALUES ($1, $2)`, [id.replace(/-/g, ''), id]);
        await client.query(`INSERT INTO ${SCHEMA}.audit_entries (request_id, sequence, details, hash) VALUES ($1, 1, $2, $3)`, [
          id,
          details,
          id,
        ]);
        await client.query(`INSERT INTO ${SCHEMA}.outbox (event_id, topic, key, value) VALUES ($1, 'dsar.requests', $2, $3)`, [
          id,
          id,
          event,
        ]);
        await client.query('COMMIT');
        latencies.push(performance.now() - started);
      }
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, worker));
  const elapsedSeconds = (performance.now() - started) / 1000;
  await pool.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    transactionsPerSecond: latencies.length / elapsedSeconds,
    latencyMs: { p50: percentile(50), p99: percentile(99) },
    transactions: latencies.length,
  };
}
