import { Injectable, SetMetadata } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Strategy } from 'passport-custom';
import { hashToken } from './staff-token.strategy';

export const INTERNAL_API_KEY_STRATEGY = 'internal-api-key';
export const FOR_SYSTEMS = 'dsar:for-systems';

/** An internal system calling with an API key. */
export interface SystemPrincipal {
  kind: 'system';
  systemId: string;
}

/**
 * Opens a route to internal systems (API keys): with `@RequirePermission()` as well as staff
 * holding it, alone for systems only. Other routes refuse systems.
 */
export const ForSystems = () => SetMetadata(FOR_SYSTEMS, true);

export interface ApiKeyEntry {
  systemId: string;
  /** SHA-256 of the key, hex. */
  sha256: string;
}

/** Parses INTERNAL_API_KEYS: `systemId:sha256-hex`, comma-separated. */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  return value
    .split(',')
    .filter(Boolean)
    .map((entry, index) => {
      const match = /^([a-z0-9][a-z0-9-]{0,62}):([a-f0-9]{64})$/.exec(entry.trim());
      if (!match) throw new Error(`INTERNAL_API_KEYS: entry ${index + 1} must be systemId:sha256-hex`);
      return { systemId: match[1], sha256: match[2] };
    });
}

/**
 * Internal systems: an `x-api-key` header, known here only by its SHA-256, compared in
 * constant time against every configured key.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, INTERNAL_API_KEY_STRATEGY) {
  private readonly keys: { systemId: string; hash: Buffer }[];

  constructor(entries: ApiKeyEntry[]) {
    super();
    this.keys = entries.map((e) => ({ systemId: e.systemId, hash: Buffer.from(e.sha256, 'hex') }));
  }

  validate(request: Request): SystemPrincipal | false {
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || key.length === 0) return false;
    const candidate = Buffer.from(hashToken(key), 'hex');
    let systemId: string | undefined;
    for (const entry of this.keys) {
      if (timingSafeEqual(entry.hash, candidate)) systemId = entry.systemId;
    }
    return systemId ? { kind: 'system', systemId } : false;
  }
}
