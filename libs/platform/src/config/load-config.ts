import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

export type Environment = Record<string, string | undefined>;

/** Raised at start-up when a setting is missing or wrong; the message names each one. */
export class ConfigurationError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`${service} refuses to start: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

function flatten(errors: ValidationError[]): string[] {
  // Values are never echoed: a setting may be a secret.
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((message) => `${e.property}: ${message}`));
}

/**
 * Builds one app's typed configuration from environment variables, validated with
 * class-validator. Unset variables keep the class's defaults.
 */
export function loadConfig<T extends object>(service: string, configClass: new () => T, env: Environment): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const config = plainToInstance(configClass, defined, { enableImplicitConversion: true, excludeExtraneousValues: false });
  const errors = validateSync(config, { forbidUnknownValues: true, whitelist: false });
  if (errors.length > 0) throw new ConfigurationError(service, flatten(errors));
  // Keep only the properties the class declares, so unrelated environment never leaks in.
  const declared = Object.keys(new configClass());
  return Object.fromEntries(declared.map((key) => [key, (config as Record<string, unknown>)[key]])) as T;
}
