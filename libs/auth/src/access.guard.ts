import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AuthGuard, IAuthGuard } from '@nestjs/passport';
import { Request } from 'express';
import passport from 'passport';
import { isUUID } from 'class-validator';
import { INTERNAL_API_KEY_STRATEGY } from './api-key.strategy';
import { ControllerScope } from './controller-scope';
import { STAFF_LOCAL_STRATEGY } from './local-account.strategy';
import { STAFF_OIDC_STRATEGY } from './oidc-jwt.strategy';
import { fromTrustedOrigin } from './origin-check';
import { permissionsOf } from './permissions';
import { RESOURCE_OWNERS, ResourceOwners } from './resource-owners';
import { RESOURCE_NOT_FOUND, ResourceRef, routeAccessOf } from './route-access';
import { STAFF_STRATEGY, StaffPrincipal } from './staff-token.strategy';

export const ACCESS_OPTIONS = Symbol('dsar:access-options');

export interface AccessOptions {
  /** Origins (scheme://host[:port]) of web apps allowed to send state-changing staff requests with ambient credentials. */
  trustedOrigins: readonly string[];
}

/** Tried in this order; a service accepts those it registered (the static staff token always). */
const STRATEGIES = [STAFF_STRATEGY, STAFF_OIDC_STRATEGY, STAFF_LOCAL_STRATEGY, INTERNAL_API_KEY_STRATEGY];

/**
 * Credentials a browser attaches on its own, so that another site's page could make it send
 * them: HTTP Basic it remembers. Cookie sessions (the back-office web app) are to be added
 * here with their own `via`, so the Origin check covers them from their first request.
 */
const AMBIENT: ReadonlySet<StaffPrincipal['via']> = new Set(['local']);

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

function problem(status: HttpStatus, code: string, detail: string): HttpException {
  // The platform's problem+json filter renders { code, detail } bodies of HttpExceptions.
  return new HttpException({ code, message: detail }, status);
}

type GuardedRequest = Request & { user?: StaffPrincipal | { kind: 'system' } };

/**
 * The one place staff authorization is decided, for every route of every service:
 * - a route declares how it is reached: `@Public()`, `@ForSystems()` (internal systems'
 *   API keys) or `@RequirePermission(permission, resource?)`; one declaring nothing stops the
 *   app at start-up (RouteAccessCheck);
 * - staff lacking the permission get 403;
 * - on a route about one resource, its controller is looked up (RESOURCE_OWNERS) and a
 *   resource outside the caller's controllers answers 404, exactly like one that does not exist;
 * - state-changing requests with credentials a browser sends by itself must come from a
 *   trusted origin (403).
 * Lists apply the caller's ControllerScope in their own query.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly modules: ModuleRef,
    @Optional() @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions = { trustedOrigins: [] },
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = routeAccessOf(context.getHandler(), context.getClass());
    if (access?.kind === 'public') return true;
    const names = STRATEGIES.filter((name) => name === STAFF_STRATEGY || registered(name));
    const authenticated = await guardFor(names).canActivate(context);
    if (!authenticated) return false;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const user = request.user;
    if (user?.kind === 'system') {
      if (access?.kind === 'systems' || (access?.kind === 'staff' && access.systemsToo)) return true;
      throw problem(HttpStatus.FORBIDDEN, 'forbidden', 'This route is for staff only.');
    }
    if (user?.kind !== 'staff' || access?.kind !== 'staff') {
      const detail = access?.kind === 'systems' ? 'This route is for internal systems only.' : 'This route declares no staff access.';
      throw problem(HttpStatus.FORBIDDEN, 'forbidden', detail);
    }
    const { permission, resource } = access.requirement;
    if (!permissionsOf(user).has(permission)) {
      throw problem(HttpStatus.FORBIDDEN, 'forbidden', `This needs the permission ${permission}.`);
    }
    if (AMBIENT.has(user.via) && !fromTrustedOrigin(request, this.options.trustedOrigins)) {
      throw problem(HttpStatus.FORBIDDEN, 'untrusted-origin', 'Staff requests from another site are refused.');
    }
    if (resource) await this.checkScope(request, resource, ControllerScope.of(user));
    return true;
  }

  private async checkScope(request: Request, resource: ResourceRef, scope: ControllerScope): Promise<void> {
    const raw = resource.param ? request.params[resource.param] : request.query[resource.query!.name];
    const id = raw === undefined && resource.query ? resource.query.absent : raw;
    if (typeof id !== 'string') return; // repeated query parameters: the route's validation answers 400
    if (resource.format === 'uuid' && !isUUID(id)) return; // names nothing; the route's pipe answers 400
    const owners = this.modules.get<ResourceOwners>(RESOURCE_OWNERS, { strict: false });
    const controllerId = await owners[resource.kind]!(id);
    if (controllerId === undefined || !scope.includes(controllerId)) {
      throw problem(HttpStatus.NOT_FOUND, RESOURCE_NOT_FOUND[resource.kind], `No ${resource.kind.replace('-', ' ')} with this id.`);
    }
  }
}
