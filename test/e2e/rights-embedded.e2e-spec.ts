import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { httpMailbox } from '../support/mailbox';
import { describeEveryRight, RightsPlatform } from '../support/rights-scenarios';

const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);

/** `npm start`, one process: every right through to the subject's reply, against the demo systems. */
describe('embedded mode: every right end to end', () => {
  let platform: EmbeddedPlatform;
  let context: RightsPlatform;

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-rights-embedded-');
    const { staffToken } = JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as { staffToken: string };
    context = {
      urls: { intake: platform.url(0), identity: platform.url(1) },
      mailbox: httpMailbox(platform.url(3), staffToken),
      demoDatabaseUrl: `postgres://dsar:dsar-embedded@127.0.0.1:${EmbeddedPlatform.postgresPortFor(BASE_PORT)}/dsar_demo`,
    };
  });

  afterAll(async () => {
    await platform?.stop();
  });

  describeEveryRight(() => context);
});
