import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { hashToken } from '@dsar/auth';
import { strictValidationPipe } from '@dsar/platform';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadIntakeConfig } from '../intake.config';
import { IntakeModule } from '../intake.module';

const REPO_ROOT = resolve(__dirname, '../../../..');

export interface IntakeTestApp {
  app: INestApplication;
  /** A connection of its own to the service's database, to look at what it wrote. */
  sql: Client;
  close(): Promise<void>;
}

/** Intake's settings for a test database: the PostgreSQL transport, the shipped profiles, a fresh storage folder, a staff token nobody knows. */
export async function intakeTestConfig(databaseUrl: string, settings: Record<string, string> = {}) {
  return loadIntakeConfig({
    DATABASE_URL: databaseUrl,
    EVENT_TRANSPORT: 'postgres',
    LOG_LEVEL: 'silent',
    STORAGE_DIR: await mkdtemp(join(tmpdir(), 'dsar-intake-')),
    STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
    STAFF_TOKEN_HASHES: hashToken(randomBytes(16).toString('hex')),
    PROFILES_DIR: join(REPO_ROOT, 'config/controllers'),
    ...settings,
  });
}

/**
 * Intake on a test database, with the PostgreSQL transport, the shipped controller profiles, a
 * fresh storage directory and a staff token nobody knows; `settings` adds or overrides variables.
 */
export async function startIntakeTestApp(databaseUrl: string, settings: Record<string, string> = {}): Promise<IntakeTestApp> {
  let app: INestApplication | undefined;
  let sql: Client | undefined;
  const close = async () => {
    await sql?.end();
    await app?.close();
  };
  try {
    const config = await intakeTestConfig(databaseUrl, settings);
    app = await NestFactory.create(IntakeModule.register(config), { logger: false });
    app.useGlobalPipes(strictValidationPipe());
    await app.init();
    sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
    return { app, sql, close };
  } catch (error) {
    await close();
    throw error;
  }
}
