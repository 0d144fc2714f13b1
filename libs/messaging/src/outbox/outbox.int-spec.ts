import { DsarEvent, EventTypes, topicOf } from '@dsar/contracts';
import { createServiceDataSource, initializeServiceDataSource } from '@dsar/persistence';
import { createTestDatabase, expectEventually, recordingLogger, sampleEvent, TestDatabase } from '@dsar/testing';
import { DataSource } from 'typeorm';
import { idempotent } from '../inbox/inbox';
import { PostgresTransport } from '../postgres/postgres-transport';
import { MessagingTables1760000000000 } from './messaging-tables.migration';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

describe('transactional outbox and idempotent inbox (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let transport: PostgresTransport;
  let relay: OutboxRelay;
  const outbox = new Outbox('svc');
  const log = recordingLogger();

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    dataSource = await initializeServiceDataSource(
      createServiceDataSource({ url: db.url, schema: 'svc', migrations: [MessagingTables1760000000000] }),
    );
    await dataSource.query('CREATE TABLE svc.state (id uuid PRIMARY KEY)');
    transport = new PostgresTransport({ url: db.url, log, pollIntervalMs: 200 });
    await transport.start();
    relay = new OutboxRelay({ dataSource, schema: 'svc', transport, log, url: db.url, pollIntervalMs: 200 });
    await relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await transport.stop();
    await dataSource.destroy();
    await db.drop();
  });

  it('publishes an event only when the state change that causes it commits', async () => {
    const committed = sampleEvent();
    const rolledBack = sampleEvent();
    const received: string[] = [];
    await transport.subscribe({
      group: 'observer',
      topics: [topicOf(EventTypes.CollectionTaskRequested)],
      retry: { maxAttempts: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
      handle: async (e) => void received.push(e.id),
    });

    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO svc.state (id) VALUES ($1)', [committed.subject]);
      await outbox.add(manager, committed);
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO svc.state (id) VALUES ($1)', [rolledBack.subject]);
        await outbox.add(manager, rolledBack);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    await expectEventually(() => (received.includes(committed.id) ? true : undefined));
    const [{ pending }] = await dataSource.query('SELECT count(*)::int AS pending FROM svc.outbox');
    expect(pending).toBe(0);
    expect(received).not.toContain(rolledBack.id);
  });

  it('refuses an event outside a transaction, and an event that breaks its contract', async () => {
    await expect(outbox.add(dataSource.manager, sampleEvent())).rejects.toThrow(/inside the transaction/);
    const invalid = { ...sampleEvent(), data: { requestId: 'nope' } } as unknown as DsarEvent;
    await expect(dataSource.transaction((m) => outbox.add(m, invalid))).rejects.toThrow(/violates its contract/);
  });

  it('applies an event delivered twice only once', async () => {
    const event = sampleEvent();
    let applied = 0;
    const handle = idempotent(dataSource, 'svc', 'consumer-a', async (_e, manager) => {
      applied++;
      await manager.query('INSERT INTO svc.state (id) VALUES ($1)', [event.data.taskId]);
    });
    await handle(event);
    await handle(event);
    expect(applied).toBe(1);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM svc.state WHERE id = $1', [event.data.taskId]);
    expect(n).toBe(1);
  });

  it('leaves no inbox entry when the handler fails, so the redelivery is applied', async () => {
    const event = sampleEvent();
    let calls = 0;
    const handle = idempotent(dataSource, 'svc', 'consumer-b', async () => {
      calls++;
      if (calls === 1) throw new Error('crash before commit');
    });
    await expect(handle(event)).rejects.toThrow('crash before commit');
    await handle(event);
    expect(calls).toBe(2);
    const [{ n }] = await dataSource.query('SELECT count(*)::int AS n FROM svc.inbox WHERE consumer = $1 AND event_id = $2', [
      'consumer-b',
      event.id,
    ]);
    expect(n).toBe(1);
  });
});
