import { expectEventually } from '@dsar/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { httpMailbox } from '../support/mailbox';
import { describeEveryRight, RightsPlatform } from '../support/rights-scenarios';

const REPO_ROOT = resolve(__dirname, '../..');
const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);
const POSTGRES_PORT = BASE_PORT + 55_000 - 3_000;

/** `npm start`, one process: every right through to the subject's reply, against the demo systems. */
describe('embedded mode: every right end to end', () => {
  let platform: ChildProcess;
  let output = '';
  let context: RightsPlatform;
  const url = (offset: number) => `http://127.0.0.1:${BASE_PORT + offset}`;

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dsar-rights-embedded-'));
    await chmod(dataDir, 0o755);
    platform = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/launcher/src/embedded.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DSAR_DATA_DIR: dataDir,
        DSAR_BASE_PORT: String(BASE_PORT),
        EMBEDDED_POSTGRES_PORT: String(POSTGRES_PORT),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    platform.stdout!.on('data', (chunk) => (output += chunk));
    platform.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<never>((_, fail) =>
      platform.once('exit', (code) => fail(new Error(`embedded platform exited (${code}): ${output}`))),
    );
    const ready = expectEventually(() => (output.includes('DSAR platform ready') ? true : undefined), {
      timeoutMs: 100_000,
      intervalMs: 250,
      what: 'the embedded platform to start',
    });
    await Promise.race([ready, exited]);
    exited.catch(() => undefined);
    const { staffToken } = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as { staffToken: string };
    context = {
      urls: { intake: url(0), identity: url(1) },
      mailbox: httpMailbox(url(3), staffToken),
      demoDatabaseUrl: `postgres://dsar:dsar-embedded@127.0.0.1:${POSTGRES_PORT}/dsar_demo`,
    };
  });

  afterAll(async () => {
    if (platform.exitCode === null) {
      const exited = new Promise((done) => platform.once('exit', done));
      platform.kill('SIGTERM');
      await exited;
    }
  });

  describeEveryRight(() => context);
});
