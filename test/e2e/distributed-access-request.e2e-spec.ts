import { createTestDatabase, expectEventually, kafkaBrokers, TestDatabase, testS3, uniqueKafkaPrefix } from '@dsar/testing';
import { mkdtemp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { seedDemoDatabase } from '@dsar/collector-postgres';
import { DistributedPlatform, MailCatcher, REPO_ROOT, SERVICES, ServiceName, startMailCatcher } from '@dsar/launcher';
import { bucketKeys, envForEveryService, ServiceEnv, startDistributedPlatform } from '../support/distributed-platform';
import { FULFILMENT_HELD_AFTER_PACKAGE_ENTRY, HELD_AFTER_PACKAGE } from '../support/held-after-package';
import { folderMailbox, Mailbox, mailsFor } from '../support/mailbox';
import {
  downloadFromEmailedLink,
  guessVerificationCodes,
  expectAdaDemoRecords,
  submitAccessRequest,
  trackedStatus,
  verifyWithEmailedCode,
} from '../support/subject-journey';

const BASE_PORT = Number(process.env.DSAR_E2E_DISTRIBUTED_PORT ?? 3310);
/** The mails every access request owes its subject, in this order. */
const OWED_TO_SUBJECT = ['acknowledgement', 'verification-code', 'package-ready', 'download-code'];

/**
 * The distributed mode: every service its own process, on a real Kafka broker and a
 * real PostgreSQL server, e-mail over real SMTP. Walks the slice as a subject would,
 * and kills the fulfilment process mid-request to show the request completes once.
 */
describe('distributed mode on Kafka: an access request end to end', () => {
  let database: TestDatabase;
  let demo: TestDatabase;
  let catcher: MailCatcher;
  let mailbox: Mailbox;
  let platform: DistributedPlatform;
  const s3 = testS3('distributed-e2e');
  let sql: Client;
  let extraEnv: ServiceEnv;
  const entryOf: Partial<Record<ServiceName, string[]>> = { fulfilment: FULFILMENT_HELD_AFTER_PACKAGE_ENTRY };

  beforeAll(async () => {
    database = await createTestDatabase('e2e');
    demo = await createTestDatabase('e2e_demo');
    await seedDemoDatabase(demo.url);
    const workDir = await mkdtemp(join(tmpdir(), 'dsar-distributed-'));
    catcher = await startMailCatcher({ port: 0, dir: join(workDir, 'mail') });
    mailbox = folderMailbox(catcher.dir);
    // Kafka hands a dead member's partitions on after the session timeout: keep it short.
    extraEnv = envForEveryService({ KAFKA_SESSION_TIMEOUT_MS: '10000' });
    // The held fulfilment runs from TypeScript: the transpiler needs the path aliases.
    extraEnv.fulfilment = { ...extraEnv.fulfilment, SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') };
    platform = await startDistributedPlatform({
      workDir,
      basePort: BASE_PORT,
      databaseUrl: database.url,
      demoDatabaseUrl: demo.url,
      logLevel: 'info',
      kafkaBrokers: kafkaBrokers().join(','),
      s3,
      kafkaTopicPrefix: uniqueKafkaPrefix('e2e'),
      smtpUrl: catcher.url,
      extraEnv,
      entryOf,
    });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
    await catcher?.stop();
    await database?.drop();
    await demo?.drop();
  });

  const urls = () => ({ intake: platform.urlOf('intake'), identity: platform.urlOf('identity') });
  const count = async (query: string, params: unknown[]) => (await sql.query(query, params)).rows[0].n as number;

  it('completes a request exactly once when fulfilment is killed (SIGKILL) in the middle of it', async () => {
    const request = await submitAccessRequest(urls(), 'ada@example.org');
    await verifyWithEmailedCode(urls(), mailbox, request, 'ada@example.org');

    // Fulfilment has stored the package and sits inside its transaction (its checkpoint overridden): kill it there.
    await expectEventually(() => (platform.logOf('fulfilment').includes(HELD_AFTER_PACKAGE) ? true : undefined), {
      timeoutMs: 90_000,
      what: 'fulfilment to reach the fault-injection point',
    });
    await platform.kill('fulfilment', 'SIGKILL');
    expect(await mailsFor(mailbox, request.id, 'package-ready')).toHaveLength(0);
    expect(await count('SELECT count(*)::int AS n FROM fulfilment.downloads WHERE request_id = $1', [request.id])).toBe(0);

    delete entryOf.fulfilment;
    await platform.startService('fulfilment');

    const pkg = await downloadFromEmailedLink(mailbox, request, 120_000);
    expectAdaDemoRecords(pkg);
    await expectEventually(async () => ((await trackedStatus(urls(), request)) === 'completed' ? true : undefined));
    await expectEventually(
      async () => {
        const { rows } = await sql.query(
          "SELECT kind, status FROM notification.outgoing_mail WHERE request_id = $1 AND audience = 'subject'",
          [request.id],
        );
        const sent = rows.filter((row: { status: string }) => row.status === 'sent').map((row: { kind: string }) => row.kind);
        if (sent.length !== rows.length || !OWED_TO_SUBJECT.every((kind) => sent.includes(kind))) {
          throw new Error(`mails to the subject: ${JSON.stringify(rows)}`);
        }
        return true;
      },
      { what: 'the mails owed to the subject to be sent' },
    );

    // Exactly once: one package, one download, one completion event relayed, one e-mail.
    const packages = await bucketKeys(s3, `packages/${request.id}/`);
    expect(packages).toHaveLength(1);
    expect(await count('SELECT count(*)::int AS n FROM fulfilment.downloads WHERE request_id = $1', [request.id])).toBe(1);
    expect(
      await count("SELECT count(*)::int AS n FROM fulfilment.fulfilments WHERE request_id = $1 AND status = 'completed'", [request.id]),
    ).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM fulfilment.outbox', [])).toBe(0);
    expect(
      await count("SELECT count(*)::int AS n FROM notification.outgoing_mail WHERE request_id = $1 AND kind = 'package-ready'", [
        request.id,
      ]),
    ).toBe(1);
    expect(await mailsFor(mailbox, request.id, 'package-ready')).toHaveLength(1);
    expect(await mailsFor(mailbox, request.id, 'verification-code')).toHaveLength(1);
    const kinds = (
      await sql.query(
        "SELECT kind, status FROM notification.outgoing_mail WHERE request_id = $1 AND audience = 'subject' ORDER BY created_at",
        [request.id],
      )
    ).rows;
    // Each kind once, in the order the process owes them (the code opens the download).
    expect(kinds.map((row: { kind: string }) => row.kind)).toEqual(OWED_TO_SUBJECT);
    expect(kinds.every((row: { status: string }) => row.status === 'sent')).toBe(true);
    expect(await mailsFor(mailbox, request.id, 'acknowledgement')).toHaveLength(1);
  });

  it('keeps open a request whose code someone guessed at, over Kafka: the code is used up, the verification counts on', async () => {
    const request = await submitAccessRequest(urls(), 'mallory.target@example.org');
    await guessVerificationCodes(urls(), mailbox, request);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM identity.verifications WHERE request_id = $1 AND status = 'pending' AND failed_attempts = 5",
        [request.id],
      ),
    ).toBe(1);
  });

  it('walks a second request through the restarted services, every one healthy on Kafka', async () => {
    const request = await submitAccessRequest(urls(), 'ada@example.org');
    await verifyWithEmailedCode(urls(), mailbox, request, 'ada@example.org');
    const pkg = await downloadFromEmailedLink(mailbox, request);
    expect(pkg.requestId).toBe(request.id);
    expectAdaDemoRecords(pkg);

    for (const service of SERVICES) {
      // Production code: compiled JavaScript, with no transpiler loaded.
      const commandLine = readFileSync(`/proc/${platform.pidOf(service)}/cmdline`, 'utf8').split('\0');
      expect(commandLine).toContain(join(REPO_ROOT, 'dist', 'apps', service, 'src', 'main.js'));
      expect(commandLine.join(' ')).not.toContain('swc-node');
      const health = await (await fetch(`${platform.urlOf(service)}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, broker: { status: 'up', transport: 'kafka' } } });
    }
    // Logs are structured JSON and carry no personal data.
    for (const service of SERVICES) {
      const log = platform.logOf(service);
      expect(log).not.toMatch(/ada@example\.org|Lovelace/);
      for (const line of log.split('\n').filter((l) => l.startsWith('{'))) expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
