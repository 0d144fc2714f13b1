import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { ConfigurationError, loadConfig } from './load-config';
import { ServiceConfig, ToBoolean } from './service.config';

class ExampleConfig extends ServiceConfig {
  @ToBoolean()
  @IsBoolean()
  VERBOSE: boolean = true;

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

  it('reads "false" as false and "true"/"1" as true in boolean settings', () => {
    expect(loadConfig('example', ExampleConfig, { ...valid, VERBOSE: 'false' }).VERBOSE).toBe(false);
    expect(loadConfig('example', ExampleConfig, { ...valid, VERBOSE: '0' }).VERBOSE).toBe(false);
    expect(loadConfig('example', ExampleConfig, { ...valid, VERBOSE: '1' }).VERBOSE).toBe(true);
    expect(loadConfig('example', ExampleConfig, { ...valid, VERBOSE: 'true' }).VERBOSE).toBe(true);
    expect(loadConfig('example', ExampleConfig, valid).VERBOSE).toBe(true);
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

  it('refuses staff sign-in settings it could not use: a malformed local account, an OIDC issuer without audience', () => {
    const secretHash = '$2b$04$abcdefghijklmnopqrstuuJ8Q9m0sQyQW7bqvA8yQm1VcYx8t5f1G';
    expect(() => loadConfig('example', ExampleConfig, { ...valid, STAFF_LOCAL_ACCOUNTS: `dpo:superuser:${secretHash}` })).toThrow(
      /STAFF_LOCAL_ACCOUNTS: .*entry 1/,
    );
    expect(() => loadConfig('example', ExampleConfig, { ...valid, STAFF_LOCAL_ACCOUNTS: `dpo:superuser:${secretHash}` })).not.toThrow(
      /abcdefghij/,
    );
    expect(() => loadConfig('example', ExampleConfig, { ...valid, STAFF_LOCAL_ACCOUNTS: `dpo:dpo:${secretHash}` })).not.toThrow();
    expect(() => loadConfig('example', ExampleConfig, { ...valid, STAFF_OIDC_ISSUER: 'https://login.example.org' })).toThrow(
      /STAFF_OIDC_AUDIENCE/,
    );
  });

  it('requires Kafka brokers only when the transport is Kafka', () => {
    expect(() => loadConfig('example', ExampleConfig, { ...valid, KAFKA_BROKERS: undefined })).toThrow(/KAFKA_BROKERS/);
    expect(loadConfig('example', ExampleConfig, { ...valid, KAFKA_BROKERS: undefined, EVENT_TRANSPORT: 'postgres' }).EVENT_TRANSPORT).toBe(
      'postgres',
    );
  });
});
