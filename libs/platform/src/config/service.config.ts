import { Transform } from 'class-transformer';
import { parseLocalAccounts } from '@dsar/auth';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MinLength,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const BROKER_LIST = /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/;

@ValidatorConstraint({ name: 'localAccounts' })
class LocalAccountsFormat implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: string): boolean {
    try {
      parseLocalAccounts(value);
      return true;
    } catch (error) {
      this.problem = (error as Error).message;
      return false;
    }
  }

  defaultMessage(): string {
    return this.problem;
  }
}

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

  /**
   * The reverse proxies whose X-Forwarded-For is believed, comma-separated: addresses, CIDR ranges,
   * or `loopback`, `linklocal`, `uniquelocal` (Express "trust proxy"). Empty: none, the client
   * address is the connection's. Rate limits and lockouts per address count by it.
   */
  @Matches(
    /^((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)?$/,
    {
      message: 'TRUSTED_PROXIES must list addresses, CIDR ranges or loopback, linklocal, uniquelocal, comma-separated',
    },
  )
  TRUSTED_PROXIES: string = '';

  /** Staff sign-in with an OpenID Connect provider: the issuer; empty turns it off. */
  @IsOptional()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'STAFF_OIDC_ISSUER must be an http(s) URL' })
  STAFF_OIDC_ISSUER: string = '';

  /** The audience (client id) staff tokens are issued for. */
  @ValidateIf((c: ServiceConfig) => c.STAFF_OIDC_ISSUER !== '')
  @MinLength(1, { message: 'STAFF_OIDC_AUDIENCE is required when STAFF_OIDC_ISSUER is set' })
  STAFF_OIDC_AUDIENCE: string = '';

  /** The provider's signing keys; default `<issuer>/.well-known/jwks.json`. */
  @IsOptional()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'STAFF_OIDC_JWKS_URI must be an http(s) URL' })
  STAFF_OIDC_JWKS_URI: string = '';

  /** The token claim that lists the platform roles (admin, dpo, staff). */
  @IsString()
  STAFF_OIDC_ROLES_CLAIM: string = 'roles';

  /** The token claim that lists the controllers a staff member works for (absent from a token: all). */
  @IsString()
  STAFF_OIDC_CONTROLLERS_CLAIM: string = 'controllers';

  /** Local staff accounts (embedded mode): `name:role[+role][@controller[+controller]]:bcrypt-hash`, comma-separated. */
  @IsString()
  @Validate(LocalAccountsFormat)
  STAFF_LOCAL_ACCOUNTS: string = '';

  /**
   * Origins (`https://host[:port]`, comma-separated) of web apps that may send state-changing
   * staff requests with credentials the browser attaches by itself; the service's own origin always may.
   */
  @Matches(/^(https?:\/\/[^\s,/]+(,https?:\/\/[^\s,/]+)*)?$/, { message: 'must list origins as scheme://host[:port], comma-separated' })
  STAFF_TRUSTED_ORIGINS: string = '';

  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** The OpenAPI documents at /docs and /docs-json: `on`, `off`, or empty for on except in production. */
  @IsIn(['', 'on', 'off'], { message: 'API_DOCS must be on or off (empty: off in production only)' })
  API_DOCS: '' | 'on' | 'off' = '';

  /** Wrong local sign-ins one account takes (one address: twice as many) before it locks. */
  @IsInt()
  @Min(1)
  @Max(100)
  STAFF_SIGN_IN_MAX_FAILURES: number = 5;

  /** Seconds a local account or address stays locked after too many wrong sign-ins. */
  @IsInt()
  @Min(1)
  @Max(86_400)
  STAFF_SIGN_IN_LOCK_SECONDS: number = 900;
}

export function trustedOriginsOf(config: Pick<ServiceConfig, 'STAFF_TRUSTED_ORIGINS'>): string[] {
  return config.STAFF_TRUSTED_ORIGINS.split(',').filter(Boolean);
}

/** Whether /docs is served: closed in production unless API_DOCS=on says otherwise. */
export function apiDocsOpen(config: Pick<ServiceConfig, 'NODE_ENV' | 'API_DOCS'>): boolean {
  return config.API_DOCS === '' ? config.NODE_ENV !== 'production' : config.API_DOCS === 'on';
}

/**
 * For boolean environment variables: "true"/"1" are true, anything else false. Reads the raw
 * string: implicit conversion has already made a Boolean of it, and Boolean("false") is true.
 */
export const ToBoolean = () =>
  Transform(({ obj, key }) => {
    const raw: unknown = (obj as Record<string, unknown>)[key];
    return raw === true || raw === 'true' || raw === '1';
  });
