import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Strategy } from 'passport-http-bearer';

export const STAFF_STRATEGY = 'staff-bearer';

export const STAFF_ROLES = ['admin', 'dpo', 'staff'] as const;
/** admin: everything; dpo: identity reviews, ID documents, decisions; staff: reading. */
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffPrincipal {
  kind: 'staff';
  /** A stable id for the audit trail: the token's hash prefix, the account name or the OIDC subject. */
  tokenId: string;
  /** Absent on principals made before roles existed: a static staff token holds every role. */
  roles?: StaffRole[];
  /** How the caller authenticated. */
  via?: 'token' | 'oidc' | 'local';
  /** The controllers whose requests this staff member may see; absent: every controller served. */
  controllers?: string[];
}

/** Whether a staff member may see a controller's requests. */
export function mayActFor(principal: Pick<StaffPrincipal, 'controllers'> | undefined, controllerId: string): boolean {
  return !!principal && (principal.controllers === undefined || principal.controllers.includes(controllerId));
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
    return match >= 0
      ? { kind: 'staff', tokenId: this.hashes[match].toString('hex').slice(0, 8), roles: [...STAFF_ROLES], via: 'token' }
      : false;
  }
}
