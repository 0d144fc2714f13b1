import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { isStaffRole, StaffRole } from './permissions';
import { StaffPrincipal } from './staff-token.strategy';

export const STAFF_OIDC_STRATEGY = 'staff-oidc';

export interface OidcSettings {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry: this platform's client id. */
  audience: string;
  /** Where the provider publishes its signing keys. */
  jwksUri: string;
  /** The claim listing the staff member's roles (Keycloak, Entra ID and Auth0 differ). */
  rolesClaim: string;
  /** The claim listing the controllers the staff member works for; absent from a token: all. */
  controllersClaim: string;
}

/** The platform's roles found in a claim that may be a list or a space-separated string; others are ignored. */
export function rolesFrom(claim: unknown): StaffRole[] {
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return values.filter(isStaffRole);
}

/**
 * Staff signed in with the organisation's OpenID Connect provider: a JWT in
 * `Authorization: Bearer`, signed with a key from the provider's JWKS (RS256/ES256 only),
 * for this audience and issuer, not expired. Roles come from a claim.
 */
@Injectable()
export class OidcJwtStrategy extends PassportStrategy(Strategy, STAFF_OIDC_STRATEGY) {
  constructor(private readonly settings: OidcSettings) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: passportJwtSecret({ jwksUri: settings.jwksUri, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 }),
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: ['RS256', 'ES256'],
      ignoreExpiration: false,
    });
  }

  validate(payload: Record<string, unknown>): StaffPrincipal | false {
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) return false;
    const roles = rolesFrom(payload[this.settings.rolesClaim]);
    if (roles.length === 0) return false;
    const controllers = payload[this.settings.controllersClaim];
    return {
      kind: 'staff',
      tokenId: `oidc:${payload.sub}`,
      roles,
      via: 'oidc',
      ...(controllers === undefined
        ? {}
        : { controllers: Array.isArray(controllers) ? controllers.filter((c): c is string => typeof c === 'string') : [] }),
    };
  }
}
