import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { Environment, loadConfig, ServiceWithStorageConfig, ToBoolean } from '@dsar/platform';

export class IntakeConfig extends ServiceWithStorageConfig {
  /** The controller a request goes to when it names none. */
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'must be a controller id: lower-case letters, digits and -' })
  CONTROLLER_ID: string = 'demo';

  /** Folder of controller profiles (YAML), validated at start-up. */
  @IsString()
  @MinLength(1)
  PROFILES_DIR: string = 'config/controllers';

  /** Requests one client address may create per minute. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: number = 30;

  /** Requests about one subject e-mail address per hour. */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_IDENTITY_PER_HOUR: number = 10;

  /** The processor domain of the OpenDSR endpoints; empty turns them off. */
  @ValidateIf((c: IntakeConfig) => c.OPENDSR_PROCESSOR_DOMAIN !== '')
  @Matches(/^[a-z0-9.-]+(:\d+)?$/, { message: 'OPENDSR_PROCESSOR_DOMAIN must be a host name' })
  OPENDSR_PROCESSOR_DOMAIN: string = '';

  /** PEM file of the key that signs OpenDSR responses and callbacks. */
  @ValidateIf((c: IntakeConfig) => c.OPENDSR_PROCESSOR_DOMAIN !== '')
  @IsString()
  @MinLength(1, { message: 'OPENDSR_PRIVATE_KEY_FILE is required when OPENDSR_PROCESSOR_DOMAIN is set' })
  OPENDSR_PRIVATE_KEY_FILE: string = '';

  /** https URL of the signing certificate, on the processor domain. */
  @ValidateIf((c: IntakeConfig) => c.OPENDSR_PROCESSOR_DOMAIN !== '')
  @Matches(/^https:\/\/\S+$/, { message: 'OPENDSR_CERTIFICATE_URL must be an https URL when OPENDSR_PROCESSOR_DOMAIN is set' })
  OPENDSR_CERTIFICATE_URL: string = '';

  /** Controllers allowed to call, as `controllerId:sha256-of-their-bearer-token`, comma-separated. */
  @ValidateIf((c: IntakeConfig) => c.OPENDSR_PROCESSOR_DOMAIN !== '')
  @Matches(/^[a-z0-9][a-z0-9-]*:[a-f0-9]{64}(,[a-z0-9][a-z0-9-]*:[a-f0-9]{64})*$/, {
    message: 'OPENDSR_CONTROLLER_TOKENS must list controllerId:sha256 pairs when OPENDSR_PROCESSOR_DOMAIN is set',
  })
  OPENDSR_CONTROLLER_TOKENS: string = '';

  /** Allow plain-http callback URLs (local runs and tests only). */
  @ToBoolean()
  @IsBoolean()
  OPENDSR_ALLOW_HTTP_CALLBACKS: boolean = false;

  /** Allow callback URLs on loopback or private addresses (local runs and tests only). */
  @ToBoolean()
  @IsBoolean()
  OPENDSR_ALLOW_PRIVATE_CALLBACKS: boolean = false;
}

export const loadIntakeConfig = (env: Environment) => loadConfig('intake', IntakeConfig, env);
