import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTestDatabase, expectEventually, TestDatabase } from '@dsar/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadNotificationConfig } from '../notification.config';
import { NotificationModule } from '../notification.module';
import { TEST_SUBJECT_SECRET_KEY } from '../test-support/sample-events';

const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * The embedded mode's mailbox can tell whether a message left: a send abandoned by a dead
 * process is settled exactly — marked sent when its file is there, sent again when it is not.
 */
describe('mail dispatcher with the local mailbox (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sql: Client;
  let mailbox: string;

  beforeAll(async () => {
    db = await createTestDatabase('notification_mailbox');
    mailbox = await mkdtemp(join(tmpdir(), 'dsar-mailbox-'));
    const config = loadNotificationConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      MAIL_TRANSPORT: 'mailbox',
      MAILBOX_DIR: mailbox,
      SUBJECT_SECRET_KEY: TEST_SUBJECT_SECRET_KEY,
      PROFILES_DIR: resolve(REPO_ROOT, 'config/controllers'),
      NOTIFY_SCHEDULER_INTERVAL_MS: '3600000',
    });
    app = await NestFactory.create(NotificationModule.register(config), { logger: false });
    await app.init();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await db?.drop();
  });

  const abandoned = async (id: string) =>
    sql.query(
      `INSERT INTO notification.outgoing_mail (id, event_id, request_id, kind, audience, controller_id, language, recipient, subject, body, html, status, attempts, next_attempt_at, claimed_until)
       VALUES ($1, $2, $3, 'cancellation', 'subject', 'demo', 'en', 'ada@example.org', 'Your request is cancelled', 'Cancelled.', '<p>Cancelled.</p>', 'sending', 1, now(), now() - interval '1 second')`,
      [id, randomUUID(), randomUUID()],
    );
  const statusOf = async (id: string) =>
    (await sql.query('SELECT status, attempts FROM notification.outgoing_mail WHERE id = $1', [id])).rows[0];

  it('marks sent, without sending again, a message whose file was written before the crash', async () => {
    const id = randomUUID();
    await writeFile(join(mailbox, `${id}.eml`), 'written before the crash');
    await abandoned(id);
    await expectEventually(async () => ((await statusOf(id)).status === 'sent' ? true : undefined));
    expect(await statusOf(id)).toEqual({ status: 'sent', attempts: 1 });
    expect(await readFile(join(mailbox, `${id}.eml`), 'utf8')).toBe('written before the crash');
  });

  it('sends again a message whose file was never written', async () => {
    const id = randomUUID();
    await abandoned(id);
    await expectEventually(async () => ((await statusOf(id)).status === 'sent' ? true : undefined));
    expect(await statusOf(id)).toEqual({ status: 'sent', attempts: 2 });
    const eml = await readFile(join(mailbox, `${id}.eml`), 'utf8');
    expect(eml).toContain(`Message-ID: <${id}@dsar.invalid>`);
    expect(eml).toMatch(/^X-DSAR-Kind: cancellation$/im);
  });
});
