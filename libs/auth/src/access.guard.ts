import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { STAFF_STRATEGY } from './staff-token.strategy';

export const IS_PUBLIC = 'dsar:public';

/**
 * The global guard: a route is open only when marked @Public(); anything else needs a
 * staff token. Subject-facing routes are public at this level and check the request's
 * own secret (tracking token, one-time code) in their use case.
 */
@Injectable()
export class AccessGuard extends AuthGuard(STAFF_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }
}
