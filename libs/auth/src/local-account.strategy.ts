import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { compare } from 'bcryptjs';
import { Request } from 'express';
import { Strategy } from 'passport-custom';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { isStaffRole, StaffRole } from './permissions';
import { StaffPrincipal } from './staff-token.strategy';

export const STAFF_LOCAL_STRATEGY = 'staff-local';

export interface LocalAccount {
  name: string;
  roles: StaffRole[];
  /** The controllers the account works for; absent: all. */
  controllers?: string[];
  /** bcrypt hash of the password. */
  passwordHash: string;
}

const ACCOUNT = /^([a-z0-9][a-z0-9._-]{0,62}):([a-z+]+)(?:@([a-z0-9+-]+))?:(\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53})$/;

/**
 * Parses STAFF_LOCAL_ACCOUNTS: `name:role[+role][@controller[+controller]]:bcrypt-hash`,
 * comma-separated (no controllers: every controller). Throws naming
 * the position of a bad entry, never its content.
 */
export function parseLocalAccounts(value: string): LocalAccount[] {
  return value
    .split(',')
    .filter(Boolean)
    .map((entry, index) => {
      const match = ACCOUNT.exec(entry.trim());
      const roles = match?.[2].split('+') ?? [];
      if (!match || !roles.every(isStaffRole)) {
        throw new Error(`STAFF_LOCAL_ACCOUNTS: entry ${index + 1} must be name:role[+role][@controller[+controller]]:bcrypt-hash`);
      }
      return { name: match[1], roles, ...(match[3] ? { controllers: match[3].split('+') } : {}), passwordHash: match[4] };
    });
}

// Compared against when the name is unknown, so an unknown name takes as long as a wrong password.
const DECOY_HASH = '$2b$10$VtcgT83v2py4DHvNtGaOjegTovQ1s6WfRZ6ERIQAjLOqcD0VuSdOe';

/** Wrong sign-ins an account takes before it locks, and how long the lock lasts. */
export interface SignInLockout {
  maxFailures: number;
  lockSeconds: number;
}

export const DEFAULT_SIGN_IN_LOCKOUT: SignInLockout = { maxFailures: 5, lockSeconds: 900 };

/**
 * Local staff accounts for the embedded mode (no identity provider at hand): HTTP Basic
 * credentials checked against bcrypt hashes. A bcrypt check costs tens of milliseconds of CPU,
 * so wrong attempts are counted per account name and per client address: past `maxFailures`
 * (per address: twice that) within `lockSeconds`, attempts are refused before any bcrypt check
 * until the lock ends; a correct password clears its account's count. Only failures count, so
 * a signed-in person's many concurrent requests never lock them out.
 */
@Injectable()
export class LocalAccountStrategy extends PassportStrategy(Strategy, STAFF_LOCAL_STRATEGY) {
  private readonly perAccount: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(
    private readonly accounts: LocalAccount[],
    lockout: SignInLockout = DEFAULT_SIGN_IN_LOCKOUT,
  ) {
    super();
    const window = { duration: lockout.lockSeconds, blockDuration: lockout.lockSeconds };
    this.perAccount = new RateLimiterMemory({ keyPrefix: 'sign-in-account', points: lockout.maxFailures, ...window });
    this.perAddress = new RateLimiterMemory({ keyPrefix: 'sign-in-address', points: lockout.maxFailures * 2, ...window });
  }

  /** False while the name or the address is locked: too many wrong attempts lately. */
  private async mayTry(name: string, address: string): Promise<boolean> {
    const [account, origin] = await Promise.all([this.perAccount.get(name), this.perAddress.get(address)]);
    const spent = (limiter: RateLimiterMemory, state: Awaited<ReturnType<RateLimiterMemory['get']>>) =>
      state !== null && state.consumedPoints >= limiter.points;
    return !spent(this.perAccount, account) && !spent(this.perAddress, origin);
  }

  /** Counts one wrong attempt against the name and the address (a lock starts once either is spent). */
  private async failed(name: string, address: string): Promise<void> {
    await Promise.allSettled([this.perAccount.consume(name), this.perAddress.consume(address)]);
  }

  async validate(request: Request): Promise<StaffPrincipal | false> {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return false;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const address = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    if (!(await this.mayTry(name, address))) return false;
    const account = this.accounts.find((a) => a.name === name);
    const valid = await compare(password, account?.passwordHash ?? DECOY_HASH);
    if (!account || !valid) {
      await this.failed(name, address);
      return false;
    }
    await this.perAccount.delete(name);
    return {
      kind: 'staff',
      tokenId: `local:${account.name}`,
      roles: account.roles,
      via: 'local',
      ...(account.controllers ? { controllers: account.controllers } : {}),
    };
  }
}
