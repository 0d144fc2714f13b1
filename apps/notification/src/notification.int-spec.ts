import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { DsarEvent, EventTypes } from '@dsar/contracts';
import { PostgresTransport } from '@dsar/messaging';
import { strictValidationPipe } from '@dsar/platform';
import { asMessage, createTestDatabase, expectEventually, recordingLogger, TestDatabase } from '@dsar/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { loadNotificationConfig } from './notification.config';
import { NotificationModule } from './notification.module';
import { ReminderScheduler } from './deadlines/reminder-scheduler';
import {
  event,
  received,
  sampleRequest,
  SampleRequest,
  sealed,
  statusChanged,
  TEST_SUBJECT_SECRET_KEY,
} from './test-support/sample-events';
import { CaughtMail, SmtpTestServer, startSmtpTestServer } from './test-support/smtp-test-server';

const REPO_ROOT = resolve(__dirname, '../../..');
const staffToken = randomBytes(16).toString('hex');
const DPO = 'dpo@demo.example.org';
// The scheduler's clock: the reminder test moves it over a request's life.
let now = new Date('2026-11-01T08:00:00Z');

describe('notification (real SMTP server, real PostgreSQL, PostgreSQL transport)', () => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  let app: INestApplication;
  let bus: PostgresTransport;
  let sql: Client;
  let config: ReturnType<typeof loadNotificationConfig>;
  const loadNotificationConfigForRestart = () => config;

  beforeAll(async () => {
    db = await createTestDatabase('notification');
    smtp = await startSmtpTestServer();
    config = loadNotificationConfig({
      DATABASE_URL: db.url,
      EVENT_TRANSPORT: 'postgres',
      LOG_LEVEL: 'silent',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url,
      STAFF_TOKEN_HASHES: hashToken(staffToken),
      SUBJECT_SECRET_KEY: TEST_SUBJECT_SECRET_KEY,
      PROFILES_DIR: resolve(REPO_ROOT, 'config/controllers'),
      STAFF_CONSOLE_URL: 'http://backoffice.test',
      MAIL_RETRY_BASE_MS: '50',
      MAIL_MAX_ATTEMPTS: '3',
      // The clock test drives the scheduler itself; digests are tested there too.
      NOTIFY_SCHEDULER_INTERVAL_MS: '3600000',
      NOTIFY_DIGEST_HOUR: '23',
    });
    app = await NestFactory.create(NotificationModule.register(config, { clock: { now: () => now } }), {
      logger: false,
    });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
    bus = new PostgresTransport({ url: db.url, log: recordingLogger() });
    await bus.start();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await bus?.stop();
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  const publish = (...events: DsarEvent[]) => bus.publish(events.map(asMessage));
  const mailsOf = (requestId: string, kind: string) => smtp.mails.filter((m) => m.requestId === requestId && m.kind === kind);
  const oneMail = (requestId: string, kind: string) =>
    expectEventually(() => (mailsOf(requestId, kind).length > 0 ? mailsOf(requestId, kind)[0] : undefined), { what: `the ${kind} e-mail` });
  const known = async (r: SampleRequest) => {
    await publish(received(r));
    await oneMail(r.requestId, 'acknowledgement');
  };
  const expectParts = (mail: CaughtMail, ...fragments: string[]) => {
    for (const fragment of fragments) {
      expect(mail.text).toContain(fragment);
      expect(mail.html).toContain(fragment.replace(/'/g, '&#x27;'));
    }
  };

  describe.each([
    ['en', { ack: 'We received your request', due: 'by 22 December 2026 (2026-12-22)', remedy: 'seek a judicial remedy' }],
    [
      'fr',
      { ack: 'Nous avons bien reçu votre demande', due: 'le 22 décembre 2026 (2026-12-22)', remedy: 'former un recours juridictionnel' },
    ],
  ] as const)('messages to the subject in %s', (language, words) => {
    const knownRequest = async () => {
      const r = sampleRequest({ language });
      await known(r);
      return r;
    };
    /** The one e-mail of this kind, checked to go to the subject of `r`. */
    const mailToSubject = async (r: SampleRequest, kind: string) => {
      const mail = await oneMail(r.requestId, kind);
      expect(mail.to).toEqual([r.contactEmail]);
      return mail;
    };
    /** The e-mail a status change of a known request owes its subject, checked to name the request. */
    const mailOnStatusChange = async (change: Parameters<typeof statusChanged>[1], kind: string) => {
      const r = await knownRequest();
      await publish(statusChanged(r, change));
      const mail = await mailToSubject(r, kind);
      expect(mail.subject).toContain(r.reference);
      return mail;
    };

    it('acknowledges a request with its reference, due date and next step, and tells the DPO', async () => {
      const r = sampleRequest({ language, requestType: 'erasure' });
      await publish(received(r));
      const ack = await oneMail(r.requestId, 'acknowledgement');
      expect(ack.to).toEqual([r.contactEmail]);
      expect(ack.subject).toBe(`${words.ack} ${r.reference}`);
      expectParts(ack, r.reference, words.due, 'Demo Controller SAS', DPO);
      expect(ack.parsed.from?.text).toBe('privacy@dsar.invalid');
      expect(ack.messageId).toMatch(/^<[0-9a-f-]{36}@dsar\.invalid>$/);

      const staff = await oneMail(r.requestId, 'staff-new-request');
      expect(staff.to).toEqual([DPO]);
      expect(staff.audience).toBe('staff');
      // Staff messages are in the controller's first language (English for demo).
      expect(staff.subject).toBe(`New request ${r.reference}: erasure`);
      expect(staff.text).toContain(`http://backoffice.test/v1/requests/${r.requestId}`);
      expect(staff.text).not.toContain(r.contactEmail);
    });

    it('sends the one-time code, or the magic link', async () => {
      const r = sampleRequest({ language });
      const base = { requestId: r.requestId, recipient: r.contactEmail, expiresAt: '2026-11-22T10:15:00Z', language };
      await publish(
        event(EventTypes.VerificationChallengeIssued, r.requestId, {
          ...base,
          challengeId: randomUUID(),
          method: 'email-code',
          sealedSecret: sealed('042917', EventTypes.VerificationChallengeIssued, r.requestId),
        }),
      );
      const code = await oneMail(r.requestId, 'verification-code');
      expect(code.to).toEqual([r.contactEmail]);
      expect(code.subject).toBe(language === 'fr' ? 'Votre code de vérification' : 'Your verification code');
      expect(/\b(\d{6})\b/.exec(code.text)?.[1]).toBe('042917');
      expect(code.text).toContain(language === 'fr' ? '22 novembre 2026' : '22 November 2026');

      const link = 'https://privacy.example.org/v1/verify/abc_DEF-123';
      await publish(
        event(EventTypes.VerificationChallengeIssued, r.requestId, {
          ...base,
          challengeId: randomUUID(),
          method: 'magic-link',
          sealedSecret: sealed(link, EventTypes.VerificationChallengeIssued, r.requestId),
        }),
      );
      const magic = await oneMail(r.requestId, 'verification-link');
      expect(magic.subject).toBe(language === 'fr' ? 'Confirmez votre demande' : 'Confirm your request');
      expect(magic.text).toContain(`\n${link}\n`);
      expect(magic.html).toMatch(new RegExp(`href=['"]${link}['"]`));
    });

    it('asks for more information in the DPO’s words, escaped in HTML', async () => {
      const r = await knownRequest();
      await publish(
        event(EventTypes.VerificationInformationRequested, r.requestId, {
          requestId: r.requestId,
          verificationId: randomUUID(),
          message: 'Send the number on your last invoice <b>only</b>.',
          requestedAt: new Date().toISOString(),
          language,
          contactEmail: r.contactEmail,
        }),
      );
      const mail = await mailToSubject(r, 'information-requested');
      expect(mail.subject).toContain(r.reference);
      expect(mail.text).toContain('Send the number on your last invoice <b>only</b>.');
      expect(mail.html).toContain('&lt;b&gt;only&lt;/b&gt;');
    });

    it('gives notice of an extension with the new due date and its reasons', async () => {
      const mail = await mailOnStatusChange(
        {
          from: 'in-progress',
          to: 'in-progress',
          action: 'extend',
          reason: 'extension',
          dueAt: '2027-02-22T22:59:59.999Z',
          explanation: 'Your data is held in twelve systems.',
        },
        'extension',
      );
      expectParts(mail, '2027-02-22', 'Your data is held in twelve systems.', words.remedy);
    });

    it.each([
      ['access', { en: 'a copy of your personal data', fr: 'une copie de vos données personnelles' }],
      ['portability', { en: 'your data in a machine-readable format', fr: 'vos données dans un format lisible par machine' }],
      ['action-report', { en: 'the report of what we did', fr: 'le compte rendu de ce que nous avons fait' }],
    ] as const)('sends the download link of a completed %s answer', async (kind, what) => {
      const r = await knownRequest();
      const downloadUrl = `http://127.0.0.1:3002/v1/downloads/${randomBytes(16).toString('base64url')}`;
      await publish(
        event(EventTypes.FulfilmentPackageReady, r.requestId, {
          requestId: r.requestId,
          package: { key: `packages/${r.requestId}/package.zip.enc`, sha256: 'a'.repeat(64), size: 10 },
          sealedDownloadUrl: sealed(downloadUrl, EventTypes.FulfilmentPackageReady, r.requestId),
          expiresAt: '2026-11-29T10:00:00Z',
          recipient: r.contactEmail,
          language,
          kind,
        }),
      );
      const mail = await mailToSubject(r, 'package-ready');
      expectParts(mail, what[language], r.reference, '2026-11-29');
      expect(/https?:\/\/\S+\/v1\/downloads\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0]).toBe(downloadUrl);
      expect(mail.html).toMatch(new RegExp(`href=['"]${downloadUrl}['"]`));
    });

    it('sends the one-time download code', async () => {
      const r = await knownRequest();
      await publish(
        event(EventTypes.FulfilmentDownloadCodeIssued, r.requestId, {
          requestId: r.requestId,
          recipient: r.contactEmail,
          sealedCode: sealed('318264', EventTypes.FulfilmentDownloadCodeIssued, r.requestId),
          expiresAt: '2026-11-22T10:15:00Z',
          language,
        }),
      );
      const mail = await mailToSubject(r, 'download-code');
      expect(mail.subject).toBe(language === 'fr' ? 'Votre code de téléchargement' : 'Your download code');
      expect(/\b(\d{6})\b/.exec(mail.text)?.[1]).toBe('318264');
      expectParts(mail, r.reference);
    });

    it('explains a refusal with its reason, the authority and the judicial remedy', async () => {
      const mail = await mailOnStatusChange(
        {
          from: 'awaiting-verification',
          to: 'rejected',
          action: 'reject',
          reason: 'identity-not-verified',
          explanation: 'The code was never entered.',
        },
        'rejection',
      );
      expectParts(
        mail,
        language === 'fr' ? "nous n'avons pas pu vérifier votre identité" : 'we could not verify your identity',
        'The code was never entered.',
        'CNIL',
        'https://www.cnil.fr/',
        words.remedy,
      );
    });

    it('confirms a cancellation', async () => {
      const r = sampleRequest({ language });
      await known(r);
      await publish(statusChanged(r, { from: 'awaiting-verification', to: 'cancelled', action: 'cancel' }));
      const cancellation = await oneMail(r.requestId, 'cancellation');
      expect(cancellation.subject).toBe(
        language === 'fr' ? `Votre demande ${r.reference} est annulée` : `Your request ${r.reference} is cancelled`,
      );
    });

    it.each([
      ['post-mortem-directive', 'directive-registered', 'post-mortem-directive-recorded', { en: 'is registered', fr: 'est enregistrée' }],
      ['post-mortem-directive', 'directive-changed', 'post-mortem-directive-recorded', { en: 'is changed', fr: 'est modifiée' }],
      ['post-mortem-directive', 'directive-revoked', 'post-mortem-directive-recorded', { en: 'is revoked', fr: 'est révoquée' }],
      [
        'deceased-subject',
        'data-erased',
        'deceased-subject-answered',
        { en: 'the accounts of the deceased person are closed', fr: 'les comptes de la personne décédée sont clôturés' },
      ],
    ] as const)(
      'tells the author of a %s what its answer did (%s), with the link to the record',
      async (requestType, outcome, kind, what) => {
        const r = sampleRequest({ language, requestType });
        await known(r);
        const downloadUrl = `http://127.0.0.1:3002/v1/downloads/${randomBytes(16).toString('base64url')}`;
        await publish(
          event(EventTypes.FulfilmentPackageReady, r.requestId, {
            requestId: r.requestId,
            package: { key: `packages/${r.requestId}/package.zip.enc`, sha256: 'a'.repeat(64), size: 10 },
            sealedDownloadUrl: sealed(downloadUrl, EventTypes.FulfilmentPackageReady, r.requestId),
            expiresAt: '2026-11-29T10:00:00Z',
            recipient: r.contactEmail,
            language,
            requestType,
            kind: 'action-report',
            postMortemOutcome: outcome,
          }),
        );
        const mail = await mailToSubject(r, kind);
        expectParts(mail, what[language], r.reference, '2026-11-29');
        expect(mail.text).toContain(downloadUrl);
        expect(mailsOf(r.requestId, 'package-ready')).toHaveLength(0);
      },
    );
  });

  describe('messages to staff, system owners and recipients', () => {
    it('tells the DPO of a verification to review and of a collector failing', async () => {
      const r = sampleRequest();
      await known(r);
      await publish(
        event(EventTypes.VerificationReviewRequested, r.requestId, {
          requestId: r.requestId,
          verificationId: randomUUID(),
          reason: 'id-document',
          requestedAt: new Date().toISOString(),
        }),
        event(EventTypes.FulfilmentAttentionRequired, r.requestId, {
          requestId: r.requestId,
          reason: 'collector-failed',
          systemIds: ['demo-crm'],
          dueAt: r.dueAt,
          raisedAt: new Date().toISOString(),
        }),
      );
      const review = await oneMail(r.requestId, 'staff-verification-review');
      expect(review.to).toEqual([DPO]);
      expect(review.subject).toBe(`Verification to review: ${r.reference}`);
      expect(review.text).toContain('an identity document to check');
      const attention = await oneMail(r.requestId, 'staff-attention-required');
      expect(attention.to).toEqual([DPO]);
      expect(attention.text).toContain('a collector failed');
      expect(attention.text).toContain('demo-crm');
    });

    it('asks a system owner to carry out a manual task, in the language given', async () => {
      const r = sampleRequest({ requestType: 'erasure' });
      await known(r);
      await publish(
        event(EventTypes.CollectionTaskAssigned, r.requestId, {
          requestId: r.requestId,
          taskId: randomUUID(),
          systemId: 'paper-archive',
          action: 'erase',
          ownerEmail: 'archivist@demo.example.org',
          respondBy: '2026-12-15T17:00:00Z',
          language: 'fr',
        }),
      );
      const task = await oneMail(r.requestId, 'manual-task-assigned');
      expect(task.to).toEqual(['archivist@demo.example.org']);
      expect(task.audience).toBe('system-owner');
      expect(task.subject).toBe(`Tâche pour paper-archive : demande ${r.reference}`);
      expect(task.text).toContain('effacer les données');
      expect(task.text).toContain('2026-12-15');
      expect(task.text).not.toContain(r.contactEmail);
    });

    it.each(['en', 'fr'] as const)('tells a recipient of an erasure (Art. 19) in %s, without the subject’s data', async (language) => {
      const r = sampleRequest({ requestType: 'erasure' });
      await known(r);
      await publish(
        event(EventTypes.RecipientNotificationRequested, r.requestId, {
          requestId: r.requestId,
          recipientId: 'mailing-partner',
          recipientName: 'Example Mailing Ltd',
          recipientEmail: 'privacy@mailing.example.com',
          action: 'erasure',
          language,
          requestedAt: new Date().toISOString(),
        }),
      );
      const notice = await expectEventually(() =>
        smtp.mails.find(
          (m) =>
            m.requestId === r.requestId &&
            m.kind === 'recipient-notification' &&
            m.parsed.headers.get('content-language') === undefined &&
            m.text.includes(language === 'fr' ? 'article 19' : 'Article 19'),
        ),
      );
      expect(notice.to).toEqual(['privacy@mailing.example.com']);
      expect(notice.audience).toBe('recipient');
      expect(notice.text).toContain('Example Mailing Ltd');
      expect(notice.text).toContain(r.reference);
      expect(notice.text).toContain(DPO);
      expect(notice.text).not.toContain(r.contactEmail);
    });
  });

  describe('delivery', () => {
    it('sends one e-mail for an event delivered twice', async () => {
      const r = sampleRequest();
      const ack = received(r);
      await publish(ack);
      await publish(ack);
      await oneMail(r.requestId, 'acknowledgement');
      // A later event of the same request is handled, so both copies were consumed before it.
      await publish(statusChanged(r, { from: 'awaiting-verification', to: 'cancelled', action: 'cancel' }));
      await oneMail(r.requestId, 'cancellation');
      await expectEventually(async () => {
        const { rows } = await sql.query(
          "SELECT count(*)::int AS n FROM notification.outgoing_mail WHERE request_id = $1 AND status <> 'sent'",
          [r.requestId],
        );
        return rows[0].n === 0 ? true : undefined;
      });
      expect(mailsOf(r.requestId, 'acknowledgement')).toHaveLength(1);
      expect(mailsOf(r.requestId, 'staff-new-request')).toHaveLength(1);
    });

    it("reads a request's events in their order from its one topic: the request is known before its later events", async () => {
      const r = sampleRequest({ language: 'fr' });
      await publish(
        received(r),
        statusChanged(r, { from: 'awaiting-verification', to: 'cancelled', action: 'cancel' }),
        event(EventTypes.FulfilmentAttentionRequired, r.requestId, {
          requestId: r.requestId,
          reason: 'deadline-at-risk',
          dueAt: r.dueAt,
          raisedAt: new Date().toISOString(),
        }),
      );
      const cancellation = await oneMail(r.requestId, 'cancellation');
      expect(cancellation.subject).toBe(`Votre demande ${r.reference} est annulée`);
      expect((await oneMail(r.requestId, 'staff-attention-required')).text).toContain('the deadline is at risk');
      const { rows } = await sql.query('SELECT status FROM notification.request_deadlines WHERE request_id = $1', [r.requestId]);
      expect(rows).toEqual([{ status: 'cancelled' }]);
      const queued = await sql.query(
        "SELECT kind FROM notification.outgoing_mail WHERE request_id = $1 AND audience = 'subject' ORDER BY created_at",
        [r.requestId],
      );
      expect(queued.rows.map((row: { kind: string }) => row.kind)).toEqual(['acknowledgement', 'cancellation']);
    });

    it('retries a temporary refusal with back-off, and shows a permanent one to the DPO', async () => {
      const bounced = sampleRequest({ contactEmail: 'nobody@bounce.example.org' });
      const flaky = sampleRequest({ contactEmail: 'busy@flaky.example.org' });
      let flakyRefusals = 0;
      smtp.judge = (to) => {
        if (to.includes(bounced.contactEmail)) return { accept: false, code: 550, message: `No such user ${bounced.contactEmail}` };
        if (to.includes(flaky.contactEmail) && flakyRefusals < 2) {
          flakyRefusals += 1;
          return { accept: false, code: 451, message: 'Try again later' };
        }
        return { accept: true };
      };
      try {
        await publish(received(bounced), received(flaky));
        await oneMail(flaky.requestId, 'acknowledgement');
        expect(flakyRefusals).toBe(2);
        // The SMTP server has the mail before the row records it as sent: wait for the row.
        const flakyRows = await expectEventually(async () => {
          const { rows } = await sql.query(
            "SELECT status, attempts FROM notification.outgoing_mail WHERE request_id = $1 AND kind = 'acknowledgement'",
            [flaky.requestId],
          );
          return rows[0]?.status === 'sent' ? rows : undefined;
        });
        expect(flakyRows).toEqual([{ status: 'sent', attempts: 3 }]);

        const failures = await expectEventually(async () => {
          const response = await request(app.getHttpServer())
            .get('/v1/staff/mail/failures')
            .set('authorization', `Bearer ${staffToken}`)
            .expect(200);
          const found = (response.body as Array<{ id: string; requestId: string; lastError: string }>).filter(
            (f) => f.requestId === bounced.requestId,
          );
          return found.length > 0 ? found : undefined;
        });
        expect(failures).toEqual([
          expect.objectContaining({
            status: 'failed',
            kind: 'acknowledgement',
            audience: 'subject',
            recipient: bounced.contactEmail,
            attempts: 1,
          }),
        ]);
        expect(failures[0].lastError).toMatch(/^550 /);
        expect(failures[0].lastError).not.toContain(bounced.contactEmail);
        expect(mailsOf(bounced.requestId, 'acknowledgement')).toHaveLength(0);
        await request(app.getHttpServer()).get('/v1/staff/mail/failures').expect(401);

        // Once the address is fixed upstream the DPO may send it again.
        smtp.judge = () => ({ accept: true });
        const failed = failures[0];
        await request(app.getHttpServer())
          .post(`/v1/staff/mail/${failed.id}/resend`)
          .set('authorization', `Bearer ${staffToken}`)
          .expect(202);
        await oneMail(bounced.requestId, 'acknowledgement');
        await request(app.getHttpServer())
          .post(`/v1/staff/mail/${failed.id}/resend`)
          .set('authorization', `Bearer ${staffToken}`)
          .expect(404);
        await request(app.getHttpServer())
          .post('/v1/staff/mail/not-a-uuid/resend')
          .set('authorization', `Bearer ${staffToken}`)
          .expect(400);
      } finally {
        smtp.judge = () => ({ accept: true });
      }
    });
  });

  describe('template preview for staff', () => {
    const preview = (path: string, token: string | null = staffToken) => {
      const call = request(app.getHttpServer()).get(path);
      return token ? call.set('authorization', `Bearer ${token}`) : call;
    };

    it('renders any kind, for a controller and a language, with sample data', async () => {
      const json = await preview('/v1/staff/templates/rejection/preview?lang=fr&controller=1to1-consulting').expect(200);
      expect(json.body).toMatchObject({ kind: 'rejection', controller: '1to1-consulting', language: 'fr' });
      expect(json.body.subject).toMatch(/^Votre demande DSAR-/);
      expect(json.body.text).toContain('rgpd@7speaking.com');
      expect(json.body.html).toMatch(/<html lang=['"]fr['"]>/);
      const html = await preview('/v1/staff/templates/staff-digest/preview?lang=en&format=html').expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      const text = await preview('/v1/staff/templates/acknowledgement/preview?format=text').expect(200);
      expect(text.text).toContain('We received your request for access to your data');
    });

    it('refuses unknown kinds, languages and controllers, and callers without a staff token', async () => {
      expect((await preview('/v1/staff/templates/nonsense/preview').expect(400)).body).toMatchObject({ code: 'validation-failed' });
      await preview('/v1/staff/templates/rejection/preview?lang=de').expect(400);
      await preview('/v1/staff/templates/rejection/preview?extra=1').expect(400);
      expect((await preview('/v1/staff/templates/rejection/preview?controller=nobody').expect(404)).body).toMatchObject({
        code: 'unknown-controller',
      });
      await preview('/v1/staff/templates/rejection/preview', null).expect(401);
    });
  });

  describe('reminders over a request’s life (the clock moved by hand)', () => {
    const settle = async () => {
      await app.get(ReminderScheduler).tick();
      await expectEventually(
        async () => {
          const { rows } = await sql.query(
            "SELECT count(*)::int AS n FROM notification.outgoing_mail WHERE status IN ('pending', 'sending')",
          );
          return rows[0].n === 0 ? true : undefined;
        },
        { what: 'every queued e-mail sent' },
      );
    };
    const at = async (iso: string) => {
      now = new Date(iso);
      await settle();
    };
    const remindersOf = (requestId: string) =>
      smtp.mails.filter((m) => m.requestId === requestId && m.kind.startsWith('staff-deadline-')).map((m) => m.subject);
    const deadlineRow = async (requestId: string) =>
      (await sql.query('SELECT status, due_at FROM notification.request_deadlines WHERE request_id = $1', [requestId])).rows[0];

    it('reminds 7, 3 and 1 days before the due date in force, once each, follows extension and pause, and reports the breach once', async () => {
      now = new Date('2026-11-10T09:00:00Z');
      const r = sampleRequest({ dueAt: '2026-12-10T22:59:59.999Z' });
      await known(r);

      await at('2026-12-03T22:00:00Z');
      expect(remindersOf(r.requestId)).toEqual([]);
      await at('2026-12-03T23:30:00Z');
      expect(remindersOf(r.requestId)).toEqual([`Due in 7 day(s): ${r.reference}`]);
      await at('2026-12-04T08:00:00Z');
      expect(remindersOf(r.requestId)).toHaveLength(1);
      const [reminder] = mailsOf(r.requestId, 'staff-deadline-reminder');
      expect(reminder.to).toEqual([DPO]);
      expect(reminder.text).toContain('by 10 December 2026 (2026-12-10)');

      // Extended by two months: the reminders follow the new due date.
      await publish(
        statusChanged(r, {
          from: 'in-progress',
          to: 'in-progress',
          action: 'extend',
          reason: 'extension',
          dueAt: '2027-01-10T22:59:59.999Z',
        }),
      );
      await oneMail(r.requestId, 'extension');
      await at('2026-12-09T23:30:00Z');
      await at('2026-12-11T08:00:00Z');
      expect(remindersOf(r.requestId)).toHaveLength(1);
      await at('2027-01-03T23:30:00Z');
      expect(remindersOf(r.requestId)).toEqual([`Due in 7 day(s): ${r.reference}`, `Due in 7 day(s): ${r.reference}`]);

      // Paused: nothing while the clock is stopped; resumed with the due date moved by four days.
      await publish(
        statusChanged(r, {
          from: 'in-progress',
          to: 'paused',
          action: 'pause',
          reason: 'awaiting-clarification',
          dueAt: '2027-01-10T22:59:59.999Z',
        }),
      );
      await expectEventually(async () => ((await deadlineRow(r.requestId))?.status === 'paused' ? true : undefined));
      await at('2027-01-07T23:30:00Z');
      expect(remindersOf(r.requestId)).toHaveLength(2);
      await publish(
        statusChanged(r, { from: 'paused', to: 'in-progress', action: 'resume', dueAt: '2027-01-10T22:59:59.999Z' }),
        statusChanged(r, {
          from: 'in-progress',
          to: 'in-progress',
          action: 'due-date-moved',
          reason: 'pause-counted',
          dueAt: '2027-01-14T22:59:59.999Z',
        }),
      );
      await expectEventually(async () =>
        (await deadlineRow(r.requestId))?.due_at.toISOString() === '2027-01-14T22:59:59.999Z' ? true : undefined,
      );
      await at('2027-01-08T08:00:00Z');
      expect(remindersOf(r.requestId)).toHaveLength(2);
      await at('2027-01-11T23:30:00Z');
      await at('2027-01-13T23:30:00Z');
      await at('2027-01-15T00:30:00Z');
      await at('2027-01-16T00:30:00Z');
      expect(remindersOf(r.requestId)).toEqual([
        `Due in 7 day(s): ${r.reference}`,
        `Due in 7 day(s): ${r.reference}`,
        `Due in 3 day(s): ${r.reference}`,
        `Due in 1 day(s): ${r.reference}`,
        `Deadline passed: ${r.reference}`,
      ]);

      // Once answered, nothing more.
      await publish(statusChanged(r, { from: 'in-progress', to: 'completed', action: 'complete', dueAt: '2027-01-14T22:59:59.999Z' }));
      await expectEventually(async () => ((await deadlineRow(r.requestId))?.status === 'completed' ? true : undefined));
      await at('2027-02-01T08:00:00Z');
      expect(remindersOf(r.requestId)).toHaveLength(5);
      const { rows } = await sql.query(
        'SELECT count(*)::int AS n FROM notification.deadline_reminders WHERE request_id = $1 AND done_at IS NULL',
        [r.requestId],
      );
      expect(rows[0].n).toBe(0);
    });

    it('after a long stop, sends only the most urgent reminder due, and survives a restart of the service', async () => {
      now = new Date('2027-03-01T09:00:00Z');
      const r = sampleRequest({ dueAt: '2027-03-20T22:59:59.999Z' });
      await known(r);
      // The reminders are rows in the database: a new instance of the service finds them.
      await app.close();
      app = await NestFactory.create(NotificationModule.register(loadNotificationConfigForRestart(), { clock: { now: () => now } }), {
        logger: false,
      });
      app.useGlobalPipes(strictValidationPipe());
      await app.init();
      await at('2027-03-19T23:30:00Z');
      expect(remindersOf(r.requestId)).toEqual([`Due in 1 day(s): ${r.reference}`]);
      const { rows } = await sql.query(
        'SELECT days_before, outcome FROM notification.deadline_reminders WHERE request_id = $1 ORDER BY days_before DESC',
        [r.requestId],
      );
      expect(rows).toEqual([
        { days_before: 7, outcome: 'superseded' },
        { days_before: 3, outcome: 'superseded' },
        { days_before: 1, outcome: 'sent' },
        { days_before: 0, outcome: null },
      ]);
    });

    it('sends each DPO one digest a day from the digest hour', async () => {
      const digests = () => smtp.mails.filter((m) => m.kind === 'staff-digest' && m.subject.startsWith('Daily digest of 2027-04-02'));
      now = new Date('2027-04-02T12:00:00Z');
      const r = sampleRequest({ dueAt: '2027-04-05T21:59:59.999Z' });
      const late = sampleRequest({ dueAt: '2027-04-01T21:59:59.999Z' });
      await known(r);
      await known(late);
      await at('2027-04-02T22:30:00Z');
      expect(digests()).toHaveLength(0);
      await at('2027-04-02T23:05:00Z');
      await at('2027-04-02T23:50:00Z');
      expect(digests()).toHaveLength(1);
      const [digest] = digests();
      expect(digest.to).toEqual([DPO]);
      expect(digest.text).toContain(r.reference);
      expect(digest.text).toMatch(/Due soon/);
      expect(digest.text).toMatch(new RegExp(`Overdue\\n[^]*${late.reference}[^]*Due soon\\n[^]*${r.reference}`));
      expect(digest.text).not.toContain('@example.org');
    });
  });
});
