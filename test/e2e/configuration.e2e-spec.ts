import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

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
