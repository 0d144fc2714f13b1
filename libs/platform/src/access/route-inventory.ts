import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RouteAccess, routeAccessOf } from '@dsar/auth';

/** One HTTP route as Nest will serve it, with how it declares it is reached. */
export interface DeclaredRoute {
  /** `GET`, `POST`…; `ALL` for catch-all handlers. */
  method: string;
  /** The path as declared, `:param` placeholders included, with a leading slash. */
  path: string;
  /** `Controller.handler`, to name the route in messages. */
  handler: string;
  /** undefined: the route declares nothing (and the app refuses to start). */
  access: RouteAccess | undefined;
}

function joinPath(...parts: string[]): string {
  const path = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}

function pathsOf(target: object): string[] {
  const value: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, target);
  return Array.isArray(value) ? value : [value ?? ''];
}

/** Every route of these controllers, read from the metadata Nest routes by. */
export function routesOf(controllers: readonly Type<unknown>[]): DeclaredRoute[] {
  return controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const access = routeAccessOf(handler, controller);
      return pathsOf(controller).flatMap((base) =>
        pathsOf(handler).map((path) => ({ method, path: joinPath(base, path), handler: `${controller.name}.${name}`, access })),
      );
    });
  });
}

/** The routes that declare neither a permission nor a public or systems marker. */
export function undeclaredRoutes(routes: readonly DeclaredRoute[]): DeclaredRoute[] {
  return routes.filter((route) => route.access === undefined);
}
