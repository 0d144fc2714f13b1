import { ParsedMail, simpleParser } from 'mailparser';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  requestId: string;
}

/** Where a test reads the e-mails the platform sent, as the subject would. */
export interface Mailbox {
  /** The e-mails about one request, oldest first. */
  of(requestId: string): Promise<ReceivedMail[]>;
}

function toReceived(mail: ParsedMail): ReceivedMail {
  const header = (name: string) => String(mail.headers.get(name) ?? '');
  const to = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
  return {
    to: to ?? '',
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    kind: header('x-dsar-kind'),
    requestId: header('x-dsar-request'),
  };
}

/**
 * A folder of .eml files: the SMTP catcher's or the embedded mailbox's. A message file is written
 * once and never changes: each is read and parsed once, however often the folder is polled.
 */
export function folderMailbox(dir: string): Mailbox {
  const seen = new Map<string, { written: number; mail: ReceivedMail }>();
  return {
    of: async (requestId) => {
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml') && !seen.has(f));
      for (const file of files) {
        const path = join(dir, file);
        seen.set(file, { written: (await stat(path)).mtimeMs, mail: toReceived(await simpleParser(await readFile(path))) });
      }
      return [...seen.values()]
        .filter(({ mail }) => mail.requestId === requestId)
        .sort((a, b) => a.written - b.written)
        .map(({ mail }) => mail);
    },
  };
}

/** The embedded mode's mailbox endpoint, read with a staff token. */
export function httpMailbox(notificationUrl: string, staffToken: string): Mailbox {
  const headers = { authorization: `Bearer ${staffToken}` };
  // The list carries each message's request, oldest first: only the bodies asked for are read.
  return {
    of: async (requestId) => {
      const list = (await (await fetch(`${notificationUrl}/v1/mailbox`, { headers })).json()) as { id: string; requestId: string }[];
      return Promise.all(
        list
          .filter((entry) => entry.requestId === requestId)
          .map(async ({ id }) =>
            toReceived(await simpleParser(await (await fetch(`${notificationUrl}/v1/mailbox/${id}`, { headers })).text())),
          ),
      );
    },
  };
}

export async function mailsFor(mailbox: Mailbox, requestId: string, kind: string): Promise<ReceivedMail[]> {
  return (await mailbox.of(requestId)).filter((m) => m.kind === kind);
}

/** The last e-mail the platform sent to an address about a request. */
export async function lastMailTo(mailbox: Mailbox, requestId: string, address: string): Promise<ReceivedMail | undefined> {
  return (await mailbox.of(requestId)).filter((m) => m.to === address).at(-1);
}
