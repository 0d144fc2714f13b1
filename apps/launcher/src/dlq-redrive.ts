import { redriveKafkaDeadLetters, redrivePostgresDeadLetters } from '@dsar/messaging';
import { createLogger } from '@dsar/platform';
import { parseArgs } from 'node:util';

/**
 * `npm run dlq:redrive -- --group <consumer-group> [--dry-run]`: sends what a consumer group
 * dead-lettered back to the original topics. Uses the same settings as the services:
 * EVENT_TRANSPORT, KAFKA_BROKERS and KAFKA_TOPIC_PREFIX, or DATABASE_URL for the embedded mode.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { group: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  if (!values.group || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.group)) {
    throw new Error('usage: npm run dlq:redrive -- --group <consumer-group> [--dry-run]');
  }
  const log = createLogger('dlq-redrive', process.env.LOG_LEVEL ?? 'warn');
  const transport = process.env.EVENT_TRANSPORT ?? 'kafka';
  const report =
    transport === 'postgres'
      ? await redrivePostgresDeadLetters({ url: required('DATABASE_URL'), group: values.group, log, dryRun: values['dry-run'] })
      : await redriveKafkaDeadLetters({
          brokers: required('KAFKA_BROKERS').split(','),
          prefix: process.env.KAFKA_TOPIC_PREFIX ?? '',
          group: values.group,
          log,
          dryRun: values['dry-run'],
        });
  process.stdout.write(
    `${values['dry-run'] ? 'would redrive' : 'redriven'} ${report.redriven} event(s) of ${report.group}: ${JSON.stringify(report.byTopic)}\n`,
  );
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
