import { hashToken } from '@dsar/auth';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { KafkaTransport } from '@dsar/messaging';
import {
  asMessage,
  createTestDatabase,
  expectEventually,
  kafkaBrokers,
  recordingLogger,
  TestDatabase,
  uniqueKafkaPrefix,
} from '@dsar/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { event, sampleRequest, sealed, TEST_SUBJECT_SECRET_KEY } from './test-support/sample-events';
import { CaughtMail, SmtpTestServer, startSmtpTestServer } from './test-support/smtp-test-server';

const REPO_ROOT = resolve(__dirname, '../../..');
const staffToken = randomBytes(16).toString('hex');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/**
 * The service in its own process, on Kafka, so that it can die for real in the middle of a
 * send: the SMTP server has the whole message and the process is killed before it hears the
 * server's answer — the one moment where it cannot know whether the message left.
 */
describe('notification killed in the middle of a send (own process, real Kafka, real SMTP)', () => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  let bus: KafkaTransport;
  let sql: Client;
  let child: ChildProcess | undefined;
  let port: number;
  const prefix = uniqueKafkaPrefix('notification-restart');

  const start = async () => {
    child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(REPO_ROOT, 'apps/notification/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'),
        DATABASE_URL: db.url,
        EVENT_TRANSPORT: 'kafka',
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_PARTITIONS: '1',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: smtp.url,
        MAIL_SEND_LEASE_SECONDS: '2',
        PROFILES_DIR: resolve(REPO_ROOT, 'config/controllers'),
        STAFF_TOKEN_HASHES: hashToken(staffToken),
        SUBJECT_SECRET_KEY: TEST_SUBJECT_SECRET_KEY,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: process.env.DEBUG_NOTIFICATION ? 'info' : 'silent',
      },
      stdio: process.env.DEBUG_NOTIFICATION ? ['ignore', 'inherit', 'inherit'] : 'ignore',
    });
    await expectEventually(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        ))
          ? true
          : undefined,
      { timeoutMs: 90_000, intervalMs: 250, what: 'the notification process healthy' },
    );
  };

  const kill = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };

  beforeAll(async () => {
    db = await createTestDatabase('notification_restart');
    smtp = await startSmtpTestServer();
    port = await freePort();
    bus = new KafkaTransport({
      brokers: kafkaBrokers(),
      clientId: 'notification-restart-test',
      prefix,
      partitions: 1,
      replicationFactor: 1,
      log: recordingLogger(),
    });
    await bus.start();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await kill('SIGTERM');
    await sql?.end();
    await bus?.stop();
    await smtp?.stop();
    await db?.drop();
  });

  const codeEvent = (requestId: string, recipient: string): DsarEvent =>
    event(EventTypes.VerificationChallengeIssued, requestId, {
      requestId,
      challengeId: randomUUID(),
      method: 'email-code',
      recipient,
      sealedSecret: sealed('042917', EventTypes.VerificationChallengeIssued, requestId),
      expiresAt: '2026-11-22T10:15:00Z',
      language: 'en',
    });
  const mailRows = async (requestId: string) =>
    (await sql.query('SELECT id, status, attempts FROM notification.outgoing_mail WHERE request_id = $1', [requestId])).rows;

  it('sends one e-mail for an event delivered twice, with the process killed mid-send and restarted', async () => {
    const r = sampleRequest();
    const twice = codeEvent(r.requestId, r.contactEmail);
    // The server holds the message in full; the process dies before the server's "250 OK" reaches it.
    let killedMidSend: Promise<void> | undefined;
    smtp.onMessage = (mail: CaughtMail) => {
      if (mail.requestId === r.requestId && !killedMidSend) {
        killedMidSend = kill('SIGKILL');
        return killedMidSend;
      }
    };
    await start();
    await bus.publish([asMessage(twice), asMessage(twice)]);
    await expectEventually(() => (killedMidSend ? true : undefined), { what: 'the kill in the middle of the send' });
    await killedMidSend;
    expect(smtp.mails.filter((m) => m.requestId === r.requestId)).toHaveLength(1);
    expect(await mailRows(r.requestId)).toEqual([expect.objectContaining({ status: 'sending', attempts: 1 })]);

    // Restarted: the same event comes again; the message the dead process was sending is settled, not sent twice.
    smtp.onMessage = undefined;
    await start();
    await bus.publish([asMessage(twice)]);
    const after = sampleRequest();
    await bus.publish([asMessage(codeEvent(after.requestId, after.contactEmail))]);
    await expectEventually(() => (smtp.mails.some((m) => m.requestId === after.requestId) ? true : undefined), {
      what: 'a later e-mail sent by the restarted process',
      timeoutMs: 60_000,
    });
    const [row] = await expectEventually(
      async () => {
        const rows = await mailRows(r.requestId);
        return rows[0]?.status === 'in-doubt' ? rows : undefined;
      },
      { what: 'the interrupted message held in doubt' },
    );

    expect(smtp.mails.filter((m) => m.requestId === r.requestId)).toHaveLength(1);
    expect(await mailRows(r.requestId)).toHaveLength(1);
    const failures = await fetch(`http://127.0.0.1:${port}/v1/staff/mail/failures`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(await failures.json()).toEqual([
      expect.objectContaining({ id: row.id, status: 'in-doubt', kind: 'verification-code', requestId: r.requestId }),
    ]);
  });
});
