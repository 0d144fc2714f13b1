import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

/** Settings every service has. Each app's config class extends it. */
// Every property carries an explicit type: SWC emits no inferred design:type, and
// class-transformer needs it to convert environment strings.
export class ServiceConfig {
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL: string = '';

  @IsIn(['kafka', 'postgres'])
  EVENT_TRANSPORT: 'kafka' | 'postgres' = 'kafka';

  @ValidateIf((c: ServiceConfig) => c.EVENT_TRANSPORT === 'kafka')
  @Matches(BROKER_LIST, { message: 'must list brokers as host:port[,host:port] when EVENT_TRANSPORT is kafka' })
  KAFKA_BROKERS: string = '';

  @IsOptional()
  @Matches(/^[a-zA-Z0-9._-]*$/, { message: 'may contain letters, digits, ".", "_" and "-" only' })
  KAFKA_TOPIC_PREFIX: string = '';

  @IsInt()
  @Min(1)
  @Max(256)
  KAFKA_PARTITIONS: number = 3;

  @IsInt()
  @Min(1)
  @Max(5)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /** How long Kafka waits for a silent consumer before giving its partitions to another. */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  @IsInt()
  @Min(1)
  @Max(100)
  EVENT_MAX_ATTEMPTS: number = 5;

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  /** SHA-256 hashes (hex, comma-separated) of the staff API tokens this service accepts. */
  @Matches(/^([a-f0-9]{64}(,[a-f0-9]{64})*)?$/, { message: 'must be comma-separated SHA-256 hex hashes' })
  STAFF_TOKEN_HASHES: string = '';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

/** For boolean environment variables: "true"/"1" are true, anything else false. */
export const ToBoolean = () => Transform(({ value }) => value === true || value === 'true' || value === '1');
