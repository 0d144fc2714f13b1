import { Provider } from '@nestjs/common';
import { LocalAccountStrategy, OidcJwtStrategy, parseLocalAccounts } from '@dsar/auth';
import { ServiceConfig } from './config/service.config';

/**
 * The staff sign-in methods this deployment configured (an OIDC provider, local accounts),
 * beside the static staff tokens: every service accepts the same staff, in either mode.
 */
export function staffSignInStrategies(config: ServiceConfig): Provider[] {
  const providers: Provider[] = [];
  if (config.STAFF_OIDC_ISSUER) {
    const settings = {
      issuer: config.STAFF_OIDC_ISSUER,
      audience: config.STAFF_OIDC_AUDIENCE,
      jwksUri: config.STAFF_OIDC_JWKS_URI || `${config.STAFF_OIDC_ISSUER.replace(/\/$/, '')}/.well-known/jwks.json`,
      rolesClaim: config.STAFF_OIDC_ROLES_CLAIM,
      controllersClaim: config.STAFF_OIDC_CONTROLLERS_CLAIM,
    };
    providers.push({ provide: OidcJwtStrategy, useFactory: () => new OidcJwtStrategy(settings) });
  }
  const accounts = parseLocalAccounts(config.STAFF_LOCAL_ACCOUNTS);
  const lockout = { maxFailures: config.STAFF_SIGN_IN_MAX_FAILURES, lockSeconds: config.STAFF_SIGN_IN_LOCK_SECONDS };
  if (accounts.length > 0) providers.push({ provide: LocalAccountStrategy, useFactory: () => new LocalAccountStrategy(accounts, lockout) });
  return providers;
}
