import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  kind: string;
  audience: string;
  requestId: string;
  parsed: ParsedMail;
}

/** How the server answers one message: accept it, or refuse it with an SMTP code. */
export type Verdict = { accept: true } | { accept: false; code: number; message: string };

export interface SmtpTestServer {
  url: string;
  mails: CaughtMail[];
  /** Decides, per message, before it is stored; the default accepts everything. */
  judge: (recipients: string[]) => Verdict;
  /** Called when a message has been received in full, before the server answers. */
  onMessage?: (mail: CaughtMail) => Promise<void> | void;
  stop(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1, keeping what it accepts, parsed. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const state: SmtpTestServer = {
    url: '',
    mails: [],
    judge: () => ({ accept: true }),
    stop: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      simpleParser(stream).then(
        async (parsed) => {
          const verdict = state.judge(recipients);
          if (!verdict.accept) {
            callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
            return;
          }
          const header = (name: string) => String(parsed.headers.get(name) ?? '');
          const mail: CaughtMail = {
            to: recipients,
            messageId: parsed.messageId ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            kind: header('x-dsar-kind'),
            audience: header('x-dsar-audience'),
            requestId: header('x-dsar-request'),
            parsed,
          };
          state.mails.push(mail);
          await state.onMessage?.(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const port = (server.server.address() as { port: number }).port;
  state.url = `smtp://127.0.0.1:${port}`;
  state.stop = () => new Promise<void>((done) => server.close(() => done()));
  return state;
}
