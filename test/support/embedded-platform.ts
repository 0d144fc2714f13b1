import { expectEventually } from '@dsar/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');

/** `npm start` as a child process: every service in one Node process, in a fresh data folder. */
export class EmbeddedPlatform {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly dataDir: string,
    readonly basePort: number,
  ) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
  }

  /** The port of its embedded PostgreSQL server, derived from the base port. */
  static postgresPortFor(basePort: number): number {
    return basePort + 55_000 - 3_000;
  }

  static async start(basePort: number, dataDirPrefix: string, settings: Record<string, string> = {}): Promise<EmbeddedPlatform> {
    const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
    await chmod(dataDir, 0o755);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/launcher/src/embedded.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DSAR_DATA_DIR: dataDir,
        DSAR_BASE_PORT: String(basePort),
        EMBEDDED_POSTGRES_PORT: String(EmbeddedPlatform.postgresPortFor(basePort)),
        LOG_LEVEL: 'warn',
        ...settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const platform = new EmbeddedPlatform(child, dataDir, basePort);
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) => fail(new Error(`embedded platform exited (${code}): ${platform.printed}`))),
    );
    const ready = expectEventually(() => (platform.printed.includes('DSAR platform ready') ? true : undefined), {
      timeoutMs: 100_000,
      intervalMs: 250,
      what: 'the embedded platform to start',
    });
    await Promise.race([ready, exited]);
    exited.catch(() => undefined); // the planned stop is not a failure
    return platform;
  }

  /** Everything it has printed so far (stdout and stderr). */
  get printed(): string {
    return this.output;
  }

  /** The URL of the service listening at `basePort + offset`. */
  url(offset: number): string {
    return `http://127.0.0.1:${this.basePort + offset}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    await exited;
  }
}
