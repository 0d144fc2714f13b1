import { Injectable, OnModuleInit, Type } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { RESOURCE_OWNERS, ResourceOwners } from '@dsar/auth';
import { DeclaredRoute, routesOf, undeclaredRoutes } from './route-inventory';

const describe = (route: DeclaredRoute) => `${route.method} ${route.path} (${route.handler})`;

/**
 * Refuses to let an app start with a route that declares no access (`@RequirePermission()`,
 * `@Public()` or `@ForSystems()`), or that names a kind of resource the app cannot trace to
 * its controller: a forgotten declaration would otherwise be a route open to every staff
 * member, for every controller.
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    const controllers = this.discovery
      .getControllers()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is Type<unknown> => typeof metatype === 'function');
    const routes = routesOf(controllers);
    const problems = undeclaredRoutes(routes).map((route) => `${describe(route)} declares no permission, @Public() or @ForSystems()`);
    const owners = this.resourceOwners();
    for (const route of routes) {
      const kind = route.access?.kind === 'staff' ? route.access.requirement.resource?.kind : undefined;
      if (kind && !owners[kind]) problems.push(`${describe(route)} acts on a ${kind}, which this app provides no owner lookup for`);
    }
    if (problems.length > 0) throw new Error(`Routes without a valid access declaration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  private resourceOwners(): ResourceOwners {
    try {
      return this.modules.get<ResourceOwners>(RESOURCE_OWNERS, { strict: false });
    } catch {
      return {};
    }
  }
}
