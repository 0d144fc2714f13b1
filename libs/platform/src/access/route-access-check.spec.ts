import { Controller, Get, Post } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ForSystems, Public, RequirePermission, RESOURCE_OWNERS } from '@dsar/auth';
import { RouteAccessCheck } from './route-access-check';
import { routesOf, undeclaredRoutes } from './route-inventory';

@Controller('v1/things')
class DeclaredController {
  @Get()
  @RequirePermission('requests:read')
  list() {}

  @Post(':id/decide')
  @RequirePermission('requests:decide', { kind: 'request', param: 'id' })
  decide() {}

  @Get('open')
  @Public()
  open() {}
}

@Controller('v1/push')
@ForSystems()
class SystemsController {
  @Get()
  tasks() {}
}

@Controller('v1/forgotten')
class ForgottenController {
  @Get()
  @RequirePermission('requests:read')
  fine() {}

  @Post(':id')
  oops() {}
}

async function start(controllers: Array<new () => object>, owners: object = { request: async () => 'demo' }) {
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers,
    providers: [RouteAccessCheck, { provide: RESOURCE_OWNERS, useValue: owners }],
  }).compile();
  const app = module.createNestApplication({ logger: false });
  try {
    await app.init();
  } finally {
    await app.close();
  }
}

describe('every route declares how it is reached', () => {
  it('reads each route, its method, full path and declaration, from the metadata Nest routes by', () => {
    const routes = routesOf([DeclaredController, SystemsController]);
    expect(routes.map((r) => [r.method, r.path, r.access?.kind])).toEqual([
      ['GET', '/v1/things', 'staff'],
      ['POST', '/v1/things/:id/decide', 'staff'],
      ['GET', '/v1/things/open', 'public'],
      ['GET', '/v1/push', 'systems'],
    ]);
    expect(routes[1].access).toEqual({
      kind: 'staff',
      requirement: { permission: 'requests:decide', resource: { kind: 'request', param: 'id' } },
      systemsToo: false,
    });
    expect(undeclaredRoutes(routesOf([ForgottenController])).map((r) => r.handler)).toEqual(['ForgottenController.oops']);
  });

  it('starts an app whose routes all declare a permission, @Public() or @ForSystems()', async () => {
    await expect(start([DeclaredController, SystemsController])).resolves.toBeUndefined();
  });

  it('refuses to start an app with a route that declares nothing, naming it', async () => {
    await expect(start([DeclaredController, ForgottenController])).rejects.toThrow(
      'POST /v1/forgotten/:id (ForgottenController.oops) declares no permission, @Public() or @ForSystems()',
    );
  });

  it('refuses to start an app with a route on a kind of resource it cannot trace to a controller', async () => {
    await expect(start([DeclaredController], {})).rejects.toThrow(
      'POST /v1/things/:id/decide (DeclaredController.decide) acts on a request, which this app provides no owner lookup for',
    );
  });
});
