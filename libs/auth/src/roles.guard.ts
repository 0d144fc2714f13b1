import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { StaffPrincipal, StaffRole } from './staff-token.strategy';

export const REQUIRED_ROLES = 'dsar:roles';

/** The staff roles a route needs, any one of them; `admin` always passes. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(REQUIRED_ROLES, roles);

/** Whether a principal holds one of the roles (a principal without roles is a static token: every role). */
export function hasRole(principal: StaffPrincipal | undefined, required: readonly StaffRole[]): boolean {
  if (!principal || principal.kind !== 'staff') return false;
  const held = principal.roles ?? ['admin'];
  return held.includes('admin') || required.some((role) => held.includes(role));
}

/** Runs after authentication: refuses a staff member who lacks the route's role with a 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<StaffRole[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!required || required.length === 0) return true;
    const principal = context.switchToHttp().getRequest<{ user?: StaffPrincipal }>().user;
    if (!hasRole(principal, required)) throw new ForbiddenException('This needs one of the roles: ' + required.join(', '));
    return true;
  }
}
