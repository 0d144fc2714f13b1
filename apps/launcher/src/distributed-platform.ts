import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodeKind, LAUNCHER_CODE, REPO_ROOT, serviceEntry } from './service-entry';
import { PlatformLayout, serviceEnvironment, ServiceName, SERVICES, urlOf } from './services';

export interface DistributedPlatformOptions {
  layout: PlatformLayout;
  logDir: string;
  kafkaBrokers: string;
  kafkaTopicPrefix?: string;
  smtpUrl: string;
  /** Extra settings per service. */
  extraEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Compiled JavaScript from `dist/`, or TypeScript through the transpiler; by default, what the launcher runs as. */
  code?: CodeKind;
  /** Node arguments that start a service instead of its main (a test's entry point, overriding a provider); read at each (re)start. */
  entryOf?: Partial<Record<ServiceName, string[]>>;
}

/**
 * The distributed mode on one machine: each service its own Node process, on Kafka and
 * a PostgreSQL server, sending e-mail over SMTP. Used by `npm run start:distributed`
 * and by the distributed end-to-end tests, which kill and restart processes.
 */
export class DistributedPlatform {
  private readonly processes = new Map<ServiceName, ChildProcess>();

  private constructor(private readonly options: DistributedPlatformOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  static async start(options: DistributedPlatformOptions): Promise<DistributedPlatform> {
    const platform = new DistributedPlatform(options);
    try {
      // Schemas are migrated by each service at start; starting them together is safe
      // (advisory locks), and faster on two cores than one by one.
      await Promise.all(SERVICES.map((service) => platform.startService(service)));
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  private get code(): CodeKind {
    return this.options.code ?? LAUNCHER_CODE;
  }

  urlOf(service: ServiceName): string {
    return urlOf(this.options.layout, service);
  }

  logOf(service: ServiceName): string {
    return readFileSync(this.logFile(service), 'utf8');
  }

  pidOf(service: ServiceName): number | undefined {
    return this.processes.get(service)?.pid;
  }

  async startService(service: ServiceName): Promise<void> {
    const { layout } = this.options;
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: process.env.NODE_ENV ?? 'production',
      ...(this.code === 'source' ? { SWC_NODE_PROJECT: join(REPO_ROOT, 'tsconfig.json') } : {}),
      ...serviceEnvironment(layout, service),
      EVENT_TRANSPORT: 'kafka',
      KAFKA_BROKERS: this.options.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: this.options.kafkaTopicPrefix ?? '',
      ...(service === 'notification' ? { MAIL_TRANSPORT: 'smtp', SMTP_URL: this.options.smtpUrl } : {}),
      ...this.options.extraEnv?.[service],
    };
    const log = openSync(this.logFile(service), 'a');
    const child = spawn(process.execPath, this.options.entryOf?.[service] ?? serviceEntry(service, this.code), {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.processes.set(service, child);
    await this.waitHealthy(service, child);
  }

  /** Kills a service's process with the given signal and waits until it is gone. */
  async kill(service: ServiceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(service);
    this.processes.delete(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    const running = [...this.processes.keys()];
    await Promise.all(
      running.map(async (service) => {
        const child = this.processes.get(service);
        if (!child) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await this.kill(service, 'SIGTERM');
        clearTimeout(timer);
      }),
    );
  }

  private logFile(service: ServiceName): string {
    return join(this.options.logDir, `${service}.log`);
  }

  private async waitHealthy(service: ServiceName, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`${service} exited with status ${child.exitCode}:\n${this.logOf(service).slice(-2_000)}`);
      }
      try {
        const response = await fetch(`${this.urlOf(service)}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${service} did not become healthy within ${timeoutMs} ms:\n${this.logOf(service).slice(-2_000)}`);
  }
}
