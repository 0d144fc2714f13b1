import { randomUUID } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { SendMailOptions } from 'nodemailer';

export const MAIL_TRANSPORT = Symbol('dsar:mail-transport');

export interface MailTransport {
  /** Sends one message; `id` is stable across retries (it names the mailbox file and the Message-ID). */
  send(id: string, message: SendMailOptions): Promise<void>;
  /**
   * After a sender died mid-send: whether the message was delivered — true, false, or
   * undefined when the transport cannot know (SMTP gives no way to ask).
   */
  wasDelivered(id: string): Promise<boolean | undefined>;
  close(): void;
}

/** A refusal the server will repeat (5xx): retrying cannot help. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** SMTP delivery through nodemailer, with timeouts well inside the send lease. */
export function smtpTransport(url: string, leaseSeconds: number): MailTransport {
  const timeout = Math.max(1_000, Math.floor((leaseSeconds * 1_000) / 4));
  const transporter = nodemailer.createTransport(url, {
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  } as nodemailer.TransportOptions);
  return {
    send: async (_id, message) => {
      await transporter.sendMail(message);
    },
    wasDelivered: async () => undefined,
    close: () => transporter.close(),
  };
}

/**
 * The embedded mode's local mailbox: each message is composed by nodemailer and written
 * atomically as `<id>.eml`, so whether it was delivered is whether the file exists.
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
    wasDelivered: (id) =>
      access(join(folder, `${id}.eml`)).then(
        () => true,
        () => false,
      ),
    close: () => composer.close(),
  };
}
