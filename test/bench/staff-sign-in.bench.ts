/**
 * What wrong HTTP Basic sign-ins cost the other callers of a service: the back-office on a fresh
 * database with one local account (bcrypt, cost 10, as `npm start` creates it), /health timed
 * alone, then while CONCURRENT wrong sign-ins for that account arrive at once from one address.
 *
 *   npm run bench:sign-in            (needs PostgreSQL on 127.0.0.1:5432, or DATABASE_URL)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { BackofficeModule, loadBackofficeConfig } from '@dsar/backoffice';
import { createTestDatabase } from '@dsar/testing';
import { hashSync } from 'bcryptjs';
import { AddressInfo } from 'node:net';

const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 40);
const HEALTH_SAMPLES = 20;

const out = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

async function main(): Promise<void> {
  const database = await createTestDatabase('bench_sign_in');
  const config = loadBackofficeConfig({
    DATABASE_URL: database.url,
    EVENT_TRANSPORT: 'postgres',
    LOG_LEVEL: 'silent',
    STAFF_LOCAL_ACCOUNTS: `dpo:dpo:${hashSync('the-right-password', 10)}`,
  });
  const app = await NestFactory.create(BackofficeModule.register(config), { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    for (let i = 0; i < 5; i++) await timed(`${base}/health`); // warm up
    const alone: number[] = [];
    for (let i = 0; i < HEALTH_SAMPLES; i++) alone.push((await timed(`${base}/health`)).ms);

    const wrong = { authorization: `Basic ${Buffer.from('dpo:a-wrong-password').toString('base64')}` };
    const started = performance.now();
    const storm = Promise.all(Array.from({ length: CONCURRENT }, () => timed(`${base}/v1/requests`, { headers: wrong })));
    const during: number[] = [];
    for (let i = 0; i < HEALTH_SAMPLES; i++) during.push((await timed(`${base}/health`)).ms);
    const answers = await storm;
    const stormMs = performance.now() - started;

    out(`staff sign-in bench: ${CONCURRENT} concurrent wrong HTTP Basic sign-ins for one account, from one address`);
    out(`  /health alone           median ${median(alone).toFixed(1)} ms, max ${Math.max(...alone).toFixed(1)} ms`);
    out(`  /health during them     median ${median(during).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms`);
    out(
      `  the sign-ins            all answered in ${stormMs.toFixed(0)} ms; statuses ${[...new Set(answers.map((a) => a.status))].join(', ')}`,
    );
  } finally {
    await app.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
