import { ParsedMail, simpleParser } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
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
  all(): Promise<ReceivedMail[]>;
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

/** A folder of .eml files: the SMTP catcher's or the embedded mailbox's. */
export function folderMailbox(dir: string): Mailbox {
  return {
    all: async () => {
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
      return Promise.all(files.map(async (f) => toReceived(await simpleParser(await readFile(join(dir, f))))));
    },
  };
}

/** The embedded mode's mailbox endpoint, read with a staff token. */
export function httpMailbox(notificationUrl: string, staffToken: string): Mailbox {
  const headers = { authorization: `Bearer ${staffToken}` };
  return {
    all: async () => {
      const list = (await (await fetch(`${notificationUrl}/v1/mailbox`, { headers })).json()) as { id: string }[];
      return Promise.all(
        list.map(async ({ id }) =>
          toReceived(await simpleParser(await (await fetch(`${notificationUrl}/v1/mailbox/${id}`, { headers })).text())),
        ),
      );
    },
  };
}

export async function mailsFor(mailbox: Mailbox, requestId: string, kind: string): Promise<ReceivedMail[]> {
  return (await mailbox.all()).filter((m) => m.requestId === requestId && m.kind === kind);
}
