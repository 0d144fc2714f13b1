import { Provider } from '@nestjs/common';
import { ApiKeyStrategy, parseApiKeys } from '@dsar/auth';
import { IdentityConfig } from '../identity.config';

/** Internal systems' API keys, for the routes marked `@ForSystems()`; staff sign-in is the platform's. */
export function internalSystemStrategies(config: IdentityConfig): Provider[] {
  const keys = parseApiKeys(config.INTERNAL_API_KEYS);
  return keys.length > 0 ? [{ provide: ApiKeyStrategy, useFactory: () => new ApiKeyStrategy(keys) }] : [];
}
