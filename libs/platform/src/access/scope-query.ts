import { ControllerScope } from '@dsar/auth';
import { In } from 'typeorm';

/** The WHERE condition of a list limited to a caller's controllers, for entities with `controllerId`. */
export function whereControllerIn(scope: ControllerScope): { controllerId?: ReturnType<typeof In<string>> } {
  return scope.controllers === undefined ? {} : { controllerId: In([...scope.controllers]) };
}
