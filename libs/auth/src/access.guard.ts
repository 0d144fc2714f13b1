import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import passport from 'passport';
import { FOR_SYSTEMS, INTERNAL_API_KEY_STRATEGY } from './api-key.strategy';
import { STAFF_LOCAL_STRATEGY } from './local-account.strategy';
import { STAFF_OIDC_STRATEGY } from './oidc-jwt.strategy';
import { STAFF_STRATEGY } from './staff-token.strategy';

export const IS_PUBLIC = 'dsar:public';

/** Tried in this order; a service accepts those it registered (the static staff token always). */
const STRATEGIES = [STAFF_STRATEGY, STAFF_OIDC_STRATEGY, STAFF_LOCAL_STRATEGY, INTERNAL_API_KEY_STRATEGY];

const guards = new Map<string, IAuthGuard>();

function registered(name: string): boolean {
  return Boolean((passport as unknown as { _strategy(name: string): unknown })._strategy(name));
}

function guardFor(names: string[]): IAuthGuard {
  const key = names.join(',');
  let guard = guards.get(key);
  if (!guard) {
    const Guard = AuthGuard(names);
    guard = new Guard();
    guards.set(key, guard);
  }
  return guard;
}

/**
 * The global guard: a route is open only when marked @Public(); anything else needs staff
 * credentials (a static staff token, an OIDC JWT, a local account) or, on routes marked
 * @ForSystems(), an internal system's API key. Subject-facing routes are public at this level
 * and check the request's own secret (tracking token, one-time code) in their use case.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const names = STRATEGIES.filter((name) => name === STAFF_STRATEGY || registered(name));
    const allowed = await guardFor(names).canActivate(context);
    const user = context.switchToHttp().getRequest<{ user?: { kind?: string } }>().user;
    if (user?.kind === 'system' && !this.reflector.getAllAndOverride<boolean>(FOR_SYSTEMS, targets)) {
      throw new ForbiddenException('This route is for staff only.');
    }
    return Boolean(allowed);
  }
}
