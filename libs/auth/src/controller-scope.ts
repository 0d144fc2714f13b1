import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { StaffPrincipal } from './staff-token.strategy';

/**
 * The controllers whose requests a caller may see: those their account lists, or every one.
 * Lists apply it in their query (`WHERE controller_id IN …`), never by filtering afterwards.
 */
export class ControllerScope {
  private constructor(
    /** undefined: every controller. */
    readonly controllers: readonly string[] | undefined,
  ) {}

  static readonly everyController = new ControllerScope(undefined);

  static of(principal: Pick<StaffPrincipal, 'controllers'> | undefined): ControllerScope {
    return principal?.controllers === undefined ? ControllerScope.everyController : new ControllerScope([...principal.controllers]);
  }

  /** null: a resource of no controller, which only staff of every controller see. */
  includes(controllerId: string | null): boolean {
    if (this.controllers === undefined) return true;
    return typeof controllerId === 'string' && this.controllers.includes(controllerId);
  }
}

/** The caller's controller scope, for a handler's list query; a caller who is not staff sees no controller's. */
export const CallerScope = createParamDecorator((_: unknown, context: ExecutionContext): ControllerScope => {
  const user = context.switchToHttp().getRequest<{ user?: StaffPrincipal | { kind: string } }>().user;
  return user?.kind === 'staff' ? ControllerScope.of(user as StaffPrincipal) : ControllerScope.of({ controllers: [] });
});
