import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddedPlatform } from '../support/embedded-platform';
import { httpMailbox } from '../support/mailbox';
import { describeOneOwner, EVERY_SCENARIO, LifecyclePlatform, profilesWithLifecycleVariants } from '../support/lifecycle-scenarios';
import { describeEveryRight, RightsPlatform } from '../support/rights-scenarios';

const BASE_PORT = Number(process.env.DSAR_E2E_EMBEDDED_PORT ?? 3400);

/**
 * `npm start`, one process: every right through to the subject's reply, against the demo systems;
 * then every way intake's lifecycle decides what fulfilment does (the distributed mode runs two).
 */
describe('embedded mode: every right end to end, one owner of each request', () => {
  let platform: EmbeddedPlatform;
  let context: RightsPlatform;
  let lifecycle: LifecyclePlatform;

  beforeAll(async () => {
    platform = await EmbeddedPlatform.start(BASE_PORT, 'dsar-rights-embedded-', { PROFILES_DIR: await profilesWithLifecycleVariants() });
    const { staffToken } = JSON.parse(await readFile(join(platform.dataDir, 'secrets.json'), 'utf8')) as { staffToken: string };
    context = {
      urls: { intake: platform.url(0), identity: platform.url(1) },
      mailbox: httpMailbox(platform.url(3), staffToken),
      demoDatabaseUrl: `postgres://dsar:dsar-embedded@127.0.0.1:${EmbeddedPlatform.postgresPortFor(BASE_PORT)}/dsar_demo`,
    };
    lifecycle = { urls: { ...context.urls, fulfilment: platform.url(2) }, mailbox: context.mailbox, staffToken };
  });

  afterAll(async () => {
    await platform?.stop();
  });

  describeEveryRight(() => context);
  describeOneOwner(() => lifecycle, EVERY_SCENARIO);
});
