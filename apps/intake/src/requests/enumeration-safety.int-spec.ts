import { INestApplication } from '@nestjs/common';
import { createTestDatabase, sampleRequest, TestDatabase } from '@dsar/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { IntakeTestApp, startIntakeTestApp } from '../testing/intake-test-app';

const SAMPLES = 120;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median absolute deviation, scaled to estimate a standard deviation robustly (outliers from a busy machine weigh nothing). */
function robustSpread(values: number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * Whether two timing samples have medians that differ by more than chance allows: the
 * standard error of a median is about 1.2533·σ/√n; four joint standard errors is the bound
 * (a false alarm about once in 15,000 runs when nothing differs).
 */
function mediansDiffer(a: number[], b: number[]): { differ: boolean; difference: number; tolerance: number } {
  const se = (values: number[]) => (1.2533 * robustSpread(values)) / Math.sqrt(values.length);
  const tolerance = 4 * Math.sqrt(se(a) ** 2 + se(b) ** 2);
  const difference = Math.abs(median(a) - median(b));
  return { differ: difference > tolerance, difference, tolerance };
}

/**
 * Whether an address is known (here: it already has an open request; intake consults no other
 * system) must show neither in the answer nor in its status code nor in its timing.
 */
describe('submitting a request never tells whether an e-mail address is known', () => {
  let db: TestDatabase;
  let intake: IntakeTestApp;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('intake_enumeration');
    intake = await startIntakeTestApp(db.url, {
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_IDENTITY_PER_HOUR: '1000000',
    });
    app = intake.app;
    await new Promise<void>((done) => app.getHttpServer().listen(0, '127.0.0.1', done));
  });

  afterAll(async () => {
    await intake?.close();
    await db?.drop();
  });

  const server = () => app.getHttpServer();
  const newAddress = () => `p.${randomUUID().slice(0, 12)}@example.org`;

  async function timedSubmit(email: string) {
    const started = process.hrtime.bigint();
    const response = await request(server()).post('/v1/requests').send(sampleRequest('access', email));
    return { response, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  }

  it('answers a known and an unknown address alike, in status, body and time', async () => {
    const known: { email: string; first: { reference: string; trackingToken: string } }[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const email = newAddress();
      const first = await request(server()).post('/v1/requests').send(sampleRequest('access', email)).expect(201);
      known.push({ email, first: first.body });
    }
    // Warm-up: first calls pay for JIT compilation and cold pools.
    for (let i = 0; i < 20; i += 1) await timedSubmit(newAddress());

    const times = { known: [] as number[], unknown: [] as number[] };
    const bodies = { known: [] as Record<string, unknown>[], unknown: [] as Record<string, unknown>[] };
    // Interleaved in a random order, so load on the shared machine falls on both alike.
    const order = [...Array(SAMPLES).fill('known'), ...Array(SAMPLES).fill('unknown')].sort(() => Math.random() - 0.5) as (
      'known' | 'unknown'
    )[];
    let k = 0;
    for (const kind of order) {
      const target = kind === 'known' ? known[k++] : undefined;
      const { response, ms } = await timedSubmit(target ? target.email : newAddress());
      expect(response.status).toBe(201);
      if (target) {
        expect(response.body.reference).not.toBe(target.first.reference);
        expect(response.body.id).not.toBe((target.first as unknown as { id: string }).id);
      }
      times[kind].push(ms);
      bodies[kind].push(response.body);
    }

    // Same shape and same visible facts.
    const visible = (body: Record<string, unknown>) => ({
      keys: Object.keys(body).sort(),
      status: body.status,
      nextStep: body.nextStep,
      dueRule: body.dueRule,
      dueDay: String(body.dueAt).slice(0, 10),
      referenceShape: /^DSAR-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(String(body.reference)),
    });
    const shapes = new Set([...bodies.known, ...bodies.unknown].map((b) => JSON.stringify(visible(b))));
    expect(shapes.size).toBe(1);

    const verdict = mediansDiffer(times.known, times.unknown);
    expect(verdict).toMatchObject({ differ: false });

    // The check has teeth: the same samples with the known ones made slower by 5 tolerances are told apart.
    const shifted = times.known.map((ms) => ms + 5 * verdict.tolerance);
    expect(mediansDiffer(shifted, times.unknown).differ).toBe(true);
  });

  it('the statistic flags a real difference and ignores noise', () => {
    const noise = (base: number) => Array.from({ length: 200 }, () => base + Math.random() * 4);
    expect(mediansDiffer(noise(10), noise(10)).differ).toBe(false);
    expect(mediansDiffer(noise(10), noise(14)).differ).toBe(true);
  });
});
