import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { SendMailOptions } from 'nodemailer';

export const MAIL_TRANSPORT = Symbol('dsar:mail-transport');

export interface MailTransport {
  /** Sends one message; `id` is stable across retries (it names the mailbox file). */
  send(id: string, message: SendMailOptions): Promise<void>;
  close(): void;
}

/** SMTP delivery through nodemailer. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    send: async (_id, message) => {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
}

/**
 * The embedded mode's local mailbox: each message is composed by nodemailer and written
 * as `<id>.eml`; a resend after a crash overwrites the same file.
 */
export function mailboxTransport(dir: string): MailTransport {
  const folder = resolve(dir);
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (id, message) => {
      await mkdir(folder, { recursive: true });
      const info = (await composer.sendMail(message)) as unknown as { message: Buffer };
      const temporary = join(folder, `.${id}.${randomUUID()}.tmp`);
      await writeFile(temporary, info.message, { mode: 0o600 });
      await rename(temporary, join(folder, `${id}.eml`));
    },
    close: () => composer.close(),
  };
}
