import { IsInt, Max, Min } from 'class-validator';
import { ConfigurationError, loadConfig } from './load-config';
import { ServiceConfig } from './service.config';

class ExampleConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;
}

const valid = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', EVENT_TRANSPORT: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('loadConfig', () => {
  it('converts environment strings to typed settings and keeps defaults', () => {
    const config = loadConfig('example', ExampleConfig, { ...valid, PORT: '3100', WORKERS: '7', UNRELATED: 'x' });
    expect(config.PORT).toBe(3100);
    expect(config.WORKERS).toBe(7);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it('refuses to start, naming every bad setting, without echoing its value', () => {
    let error: unknown;
    try {
      loadConfig('example', ExampleConfig, { ...valid, DATABASE_URL: 'mysql://secret-password@db', PORT: 'eighty', WORKERS: '99' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('example refuses to start');
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ connection URL/);
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/WORKERS: /);
    expect(message).not.toContain('secret-password');
  });

  it('requires Kafka brokers only when the transport is Kafka', () => {
    expect(() => loadConfig('example', ExampleConfig, { ...valid, KAFKA_BROKERS: undefined })).toThrow(/KAFKA_BROKERS/);
    expect(loadConfig('example', ExampleConfig, { ...valid, KAFKA_BROKERS: undefined, EVENT_TRANSPORT: 'postgres' }).EVENT_TRANSPORT).toBe(
      'postgres',
    );
  });
});
