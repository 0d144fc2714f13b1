import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');

describe('a service with a bad configuration', () => {
  it.each(['intake', 'identity', 'fulfilment', 'notification', 'backoffice', 'collector-postgres'])(
    '%s refuses to start and names the bad setting',
    (service) => {
      const result = spawnSync(process.execPath, ['-r', '@swc-node/register', `apps/${service}/src/main.ts`], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: 'not-a-url', EVENT_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:1' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(78);
      expect(result.stderr).toContain(`${service} refuses to start: invalid configuration`);
      expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// connection URL');
    },
  );
});

describe('intake with a broken controller profile', () => {
  it('refuses to start and points at the file, line and field at fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsar-profiles-'));
    copyFileSync(join(REPO_ROOT, 'config/controllers/demo.yaml'), join(dir, 'demo.yaml'));
    const broken = readFileSync(join(REPO_ROOT, 'config/controllers/demo.yaml'), 'utf8').replace(/regime: eu-gdpr/, 'regime: eu-gpdr');
    writeFileSync(join(dir, 'demo.yaml'), broken);
    const line = broken.split('\n').findIndex((l) => l.includes('eu-gpdr')) + 1;
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/intake/src/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
        EVENT_TRANSPORT: 'postgres',
        STORAGE_DIR: dir,
        STORAGE_MASTER_KEY: randomBytes(32).toString('base64'),
        PROFILES_DIR: dir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(new RegExp(`demo\\.yaml:${line}:\\d+ .*regime`));
  });
});
