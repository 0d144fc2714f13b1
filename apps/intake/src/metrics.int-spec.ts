import { INestApplication } from '@nestjs/common';
import { startService, urlOf } from '@dsar/platform';
import { createTestDatabase, sampleRequest, TestDatabase } from '@dsar/testing';
import { randomBytes } from 'node:crypto';
import { intakeTestConfig } from './testing/intake-test-app';
import { IntakeModule } from './intake.module';

/** One figure of a Prometheus text exposition, by metric name and labels it must carry. */
function figure(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  const line = exposition
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('intake /metrics (Prometheus), as started in production', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase('metrics');
    const config = await intakeTestConfig(db.url);
    app = await startService(IntakeModule.register(config), { port: 0, host: '127.0.0.1' });
    url = await urlOf(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts requests by route pattern and status, requests by lifecycle status, and the backbone, with nothing personal', async () => {
    const email = `metrics.${randomBytes(3).toString('hex')}@example.org`;
    const created = await fetch(`${url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleRequest('access', email)),
    });
    expect(created.status).toBe(201);
    const { reference } = (await created.json()) as { reference: string };
    expect(
      (await fetch(`${url}/v1/requests/${reference}`, { headers: { 'x-tracking-token': 'not-the-token' } })).status,
    ).toBeGreaterThanOrEqual(400);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const exposition = await response.text();

    expect(
      figure(exposition, 'dsar_http_request_duration_seconds_count', {
        service: 'intake',
        method: 'POST',
        route: '/v1/requests',
        status: '201',
      }),
    ).toBe(1);
    expect(figure(exposition, 'dsar_http_request_duration_seconds_count', { route: '/v1/requests/:reference' })).toBe(1);
    expect(figure(exposition, 'dsar_requests', { status: 'awaiting-verification' })).toBe(1);
    expect(figure(exposition, 'dsar_outbox_depth', { service: 'intake' })).toBeGreaterThanOrEqual(0);
    expect(figure(exposition, 'dsar_outbox_oldest_age_seconds', { service: 'intake' })).toBeGreaterThanOrEqual(0);
    expect(figure(exposition, 'dsar_consumer_lag_events', { service: 'intake' })).toBeGreaterThanOrEqual(0);
    expect(figure(exposition, 'dsar_dead_letter_events', { service: 'intake' })).toBe(0);
    expect(exposition).toContain('dsar_process_resident_memory_bytes');
    expect(exposition).not.toContain(reference);
    expect(exposition).not.toContain(email);
  });
});
