import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server for local distributed runs and tests: accepts every message on
 * 127.0.0.1 and writes it, as received, to `<dir>/<uuid>.eml`.
 */
export async function startMailCatcher(options: { port: number; dir: string; host?: string }): Promise<MailCatcher> {
  const dir = resolve(options.dir);
  const host = options.host ?? '127.0.0.1';
  await mkdir(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Written aside, then renamed: a reader never sees half a message.
        const name = join(dir, randomUUID());
        writeFile(`${name}.part`, Buffer.concat(chunks))
          .then(() => rename(`${name}.part`, `${name}.eml`))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, host, () => done());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://${host}:${port}`,
    dir,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
