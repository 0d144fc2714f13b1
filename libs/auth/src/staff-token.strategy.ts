import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Strategy } from 'passport-http-bearer';
import { StaffRole } from './permissions';

export const STAFF_STRATEGY = 'staff-bearer';

export interface StaffPrincipal {
  kind: 'staff';
  /** A stable id for the audit trail: the token's hash prefix, the account name or the OIDC subject. */
  tokenId: string;
  /** What the staff member may do follows from these (see ROLE_PERMISSIONS); a static staff token is `admin`. */
  roles: StaffRole[];
  /** How the caller authenticated. */
  via?: 'token' | 'oidc' | 'local';
  /** The controllers whose requests this staff member may see; absent: every controller served. */
  controllers?: string[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Staff API tokens, known to the service only by their SHA-256 hashes
 * (STAFF_TOKEN_HASHES). Comparison is constant-time over every configured hash.
 */
@Injectable()
export class StaffTokenStrategy extends PassportStrategy(Strategy, STAFF_STRATEGY) {
  private readonly hashes: Buffer[];

  constructor(hashes: string[]) {
    super();
    this.hashes = hashes.map((h) => Buffer.from(h, 'hex'));
  }

  validate(token: string): StaffPrincipal | false {
    const candidate = Buffer.from(hashToken(token), 'hex');
    let match = -1;
    this.hashes.forEach((hash, index) => {
      if (hash.length === candidate.length && timingSafeEqual(hash, candidate)) match = index;
    });
    return match >= 0 ? { kind: 'staff', tokenId: this.hashes[match].toString('hex').slice(0, 8), roles: ['admin'], via: 'token' } : false;
  }
}
