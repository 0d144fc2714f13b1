import { expectEventually } from '@dsar/testing';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { folderMailbox, Mailbox, mailsFor, ReceivedMail } from '../support/mailbox';
import { SubmittedRequest, trackedStatus } from '../support/subject-journey';

const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);
const GUESSES = 1_000;
// A thousand guesses, one after the other, on a loaded machine.
const GUESSING_TIMEOUT_MS = 600_000;

const codeIn = (mail: ReceivedMail) => /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
/** A six-digit code that is none of those given. */
const wrongCodeBesides = (codes: Iterable<string>) => {
  const known = new Set(codes);
  let candidate = 0;
  while (known.has(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
};

/**
 * Issue 12, subject secrets, on `npm start` over HTTP: someone who knows a request id or holds a
 * forwarded download link guesses 1,000 codes at each. The verification and the link lock after N
 * wrong codes (VERIFICATION_MAX_FAILURES, DOWNLOAD_LINK_MAX_FAILURES: 10 by default), the right code
 * is refused until the lock ends (VERIFICATION_LOCK_MINUTES, DOWNLOAD_LOCK_MINUTES: the test moves
 * the lock's end into the past rather than waiting an hour), the request is never rejected for it,
 * the DPO gets an alert and the subject a handful of e-mails. Then every table of every schema,
 * the event log included, is searched for each code, link and token issued: none is there in clear.
 */
describe('subject secrets: guessing locks and never rejects, and no secret is stored in clear', () => {
  let platform: EmbeddedPlatform;
  let sql: Client;
  let staffToken: string;
  let mailbox: Mailbox;
  let request: SubmittedRequest;
  const url = (offset: number) => `http://127.0.0.1:${BASE_PORT + offset}`;
  const urls = { intake: url(0), identity: url(1) };
  const issued = { codes: new Set<string>(), tokens: new Set<string>() };

  const mails = async (kind: string, atLeast = 1) =>
    expectEventually(
      async () => {
        const found = await mailsFor(mailbox, request.id, kind);
        return found.length >= atLeast ? found : undefined;
      },
      { timeoutMs: 60_000, what: `${atLeast} ${kind} e-mail(s)` },
    );
  /** The code of the e-mail of this kind that carries one not seen yet (the mailbox is not in order). */
  const newCode = async (kind: string) => {
    const code = await expectEventually(
      async () => (await mailsFor(mailbox, request.id, kind)).map(codeIn).find((candidate) => candidate && !issued.codes.has(candidate)),
      { timeoutMs: 60_000, what: `a new ${kind} e-mail` },
    );
    issued.codes.add(code);
    return code;
  };
  const alertsOf = async (kind: string) => {
    const query = new URLSearchParams({ state: 'all', requestId: request.id, kind });
    const response = await fetch(`${url(4)}/v1/alerts?${query}`, { headers: { authorization: `Bearer ${staffToken}` } });
    return (await response.json()) as { requestId: string; kind: string }[];
  };

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-secrets-');
    ({ staffToken } = JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as { staffToken: string });
    mailbox = folderMailbox(join(platform.dataDir, 'mailbox'));
    sql = new Client({
      connectionString: `postgres://dsar:dsar-embedded@127.0.0.1:${EmbeddedPlatform.postgresPortFor(BASE_PORT)}/dsar`,
    });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
  });

  it(
    `locks the verification after N of ${GUESSES} wrong codes, refuses the right one until it opens, and keeps the request open`,
    async () => {
      const submitted = await fetch(`${urls.intake}/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'secrets-e2e-0001' },
        body: JSON.stringify({ type: 'access', details: { scope: 'all' }, subject: { email: 'ada@example.org' }, language: 'en' }),
      });
      expect(submitted.status).toBe(201);
      request = (await submitted.json()) as SubmittedRequest;
      issued.tokens.add(request.trackingToken);
      await newCode('verification-code');

      const verify = (code: string) =>
        fetch(`${urls.identity}/v1/requests/${request.id}/verification`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
      const resend = () => fetch(`${urls.identity}/v1/requests/${request.id}/verification/resend`, { method: 'POST' });
      const answers: Record<string, number> = {};
      let asked = false;
      let rightCode = '';
      for (let guess = 0; guess < GUESSES; guess += 1) {
        const response = await verify(wrongCodeBesides(issued.codes));
        const answer = `${response.status} ${((await response.json()) as { code: string }).code}`;
        answers[answer] = (answers[answer] ?? 0) + 1;
        if (answer === '429 too-many-attempts' && !asked) {
          // The code is used up: the guesser waits out the interval (moved into the past) and asks for another.
          await sql.query(`UPDATE identity.challenges SET last_sent_at = now() - interval '2 minutes' WHERE request_id = $1`, [request.id]);
          expect((await resend()).status).toBe(202);
          asked = true;
          rightCode = await newCode('verification-code');
        }
      }
      // Five wrong codes use a code up; ten, across both, lock the verification; nothing more is counted.
      expect(answers).toEqual({ '422 invalid-code': 8, '429 too-many-attempts': 1, '429 verification-locked': GUESSES - 9 });

      expect(((await (await verify(rightCode)).json()) as { code: string }).code).toBe('verification-locked');
      await sql.query(`UPDATE identity.challenges SET last_sent_at = now() - interval '2 hours' WHERE request_id = $1`, [request.id]);
      expect(((await (await resend()).json()) as { code: string }).code).toBe('verification-locked');
      expect(await trackedStatus(urls, request)).toBe('awaiting-verification');
      await expectEventually(async () => ((await alertsOf('verification-locked')).length === 1 ? true : undefined), {
        what: 'the DPO alert of the locked verification',
      });
      const [told] = await mails('attempts-locked');
      expect(told.to).toBe('ada@example.org');
      expect(told.text).toMatch(/stays open/);
      // To the subject: the acknowledgement, two codes and the lock, whatever the number of guesses.
      expect((await toSubject(mailbox, request.id)).length).toBeLessThanOrEqual(5);

      // VERIFICATION_LOCK_MINUTES later the subject asks for a new code, and it works.
      await sql.query(`UPDATE identity.verifications SET locked_until = now() - interval '1 second' WHERE request_id = $1`, [request.id]);
      expect((await resend()).status).toBe(202);
      const verified = await verify(await newCode('verification-code'));
      expect(verified.status).toBe(200);
      expect(await verified.json()).toEqual({ requestId: request.id, status: 'verified' });
    },
    GUESSING_TIMEOUT_MS,
  );

  it(
    `locks the download link after N of ${GUESSES} wrong codes, refuses the right one until it opens, and then downloads`,
    async () => {
      const [ready] = await mails('package-ready');
      const link = /https?:\/\/\S+\/v1\/downloads\/[A-Za-z0-9_-]+/.exec(ready.text)![0];
      issued.tokens.add(link.split('/').at(-1)!);
      const askCode = () => fetch(`${link}/code`, { method: 'POST' });
      const download = (code: string) => fetch(link, { headers: { 'x-download-code': code } });
      expect((await askCode()).status).toBe(202);
      await newCode('download-code');

      const answers: Record<string, number> = {};
      let asked = false;
      let rightCode = '';
      for (let guess = 0; guess < GUESSES; guess += 1) {
        const response = await download(wrongCodeBesides(issued.codes));
        const answer = `${response.status} ${((await response.json()) as { code: string }).code}`;
        answers[answer] = (answers[answer] ?? 0) + 1;
        if (answer === '401 download-code-expired' && !asked) {
          await sql.query(`UPDATE fulfilment.downloads SET code_sent_at = now() - interval '2 minutes' WHERE request_id = $1`, [
            request.id,
          ]);
          expect((await askCode()).status).toBe(202);
          asked = true;
          rightCode = await newCode('download-code');
        }
      }
      expect(answers).toEqual({ '401 download-code-invalid': 9, '401 download-code-expired': 1, '429 download-locked': GUESSES - 10 });

      expect(((await (await download(rightCode)).json()) as { code: string }).code).toBe('download-locked');
      await sql.query(`UPDATE fulfilment.downloads SET code_sent_at = now() - interval '2 hours' WHERE request_id = $1`, [request.id]);
      expect(((await (await askCode()).json()) as { code: string }).code).toBe('download-locked');
      expect(await trackedStatus(urls, request)).toBe('completed');
      await expectEventually(async () => ((await alertsOf('download-locked')).length === 1 ? true : undefined), {
        what: 'the DPO alert of the locked link',
      });
      expect(await mails('attempts-locked', 2)).toHaveLength(2); // one per lock
      expect((await mailsFor(mailbox, request.id, 'download-code')).length).toBe(2);

      // DOWNLOAD_LOCK_MINUTES later a new code opens the package.
      await sql.query(`UPDATE fulfilment.downloads SET locked_until = now() - interval '1 second' WHERE request_id = $1`, [request.id]);
      expect((await askCode()).status).toBe(202);
      const opened = await download(await newCode('download-code'));
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-type')).toBe('application/zip');
    },
    GUESSING_TIMEOUT_MS,
  );

  it('keeps none of the codes, links and tokens issued in clear, in any table of any schema, the event log included', async () => {
    expect(issued.codes.size).toBe(6);
    expect(issued.tokens.size).toBe(2);
    // Everything owed is relayed and sent (sent mails keep no body) before looking.
    await expectEventually(
      async () => {
        const { rows } = await sql.query(
          `SELECT count(*)::int AS n FROM notification.outgoing_mail WHERE body IS NOT NULL OR html IS NOT NULL`,
        );
        return rows[0].n === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'every e-mail sent' },
    );
    const { rows: tables } = await sql.query<{ name: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['messaging.events', 'intake.idempotency_keys', 'identity.challenges']),
    );
    // A code counts as found standing alone (not inside a longer run of digits or letters, nor a fraction of a second).
    const codes = `(^|[^0-9A-Za-z.])(${[...issued.codes].join('|')})([^0-9A-Za-z]|$)`;
    const found: string[] = [];
    let withSubjectAddress = 0;
    for (const { name } of tables) {
      const { rows } = await sql.query<{ codes: number; tokens: number; address: number }>(
        `SELECT count(*) FILTER (WHERE t::text ~ $1)::int AS codes,
                count(*) FILTER (WHERE t::text LIKE ANY ($2))::int AS tokens,
                count(*) FILTER (WHERE t::text LIKE '%ada@example.org%')::int AS address
           FROM ${name} t`,
        [codes, [...issued.tokens].map((token) => `%${token}%`)],
      );
      if (rows[0].codes > 0 || rows[0].tokens > 0) found.push(`${name}: ${rows[0].codes} rows with a code, ${rows[0].tokens} with a token`);
      withSubjectAddress += rows[0].address;
    }
    expect(withSubjectAddress).toBeGreaterThan(0); // the search does read the rows
    expect(found).toEqual([]);
  });
});

async function toSubject(mailbox: Mailbox, requestId: string): Promise<ReceivedMail[]> {
  return (await mailbox.of(requestId)).filter((mail) => mail.to === 'ada@example.org');
}
