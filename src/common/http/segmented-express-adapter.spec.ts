import { Controller, Get, Head, type INestApplication, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import request from 'supertest';
import { firstSegmentOf, SegmentedExpressAdapter, staticFirstSegment } from './segmented-express-adapter';

describe('first segments', () => {
  it.each([
    ['/verify/:code', 'verify'],
    ['/verify', 'verify'],
    ['/', ''],
    ['/Admin/accounts/:id', 'admin'],
    ['/govstack/registration/services', 'govstack'],
    ['/.well-known/licence-key', '.well-known'],
  ])('files %s under %j', (path, segment) => expect(staticFirstSegment(path)).toBe(segment));

  it.each(['/:anything', '/{*path}', '/a*b', '/(x)'])('files %s under no segment (tried after the named ones)', (path) =>
    expect(staticFirstSegment(path)).toBeUndefined(),
  );

  it.each([
    ['/verify/91310115MA1K3YJ47X', 'verify'],
    ['/VERIFY/', 'verify'],
    ['/', ''],
    ['/register', 'register'],
  ])('reads %s as %j', (path, segment) => expect(firstSegmentOf(path)).toBe(segment));
});

@Controller('things')
class ThingsController {
  @Get('special')
  special() {
    return { route: 'special' };
  }

  @Get(':id')
  one(@Param('id') id: string) {
    return { route: 'one', id };
  }

  @Post()
  create() {
    return { route: 'create' };
  }
}

@Controller()
class RootController {
  @Get()
  home() {
    return { route: 'home' };
  }

  @Head('ping')
  ping() {
    return undefined;
  }
}

@Controller(':tenant/profile')
class AnySegmentController {
  @Get()
  profile(@Param('tenant') tenant: string) {
    return { route: 'profile', tenant };
  }
}

describe('SegmentedExpressAdapter', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController, RootController, AnySegmentController] }).compile();
    app = moduleRef.createNestApplication(new SegmentedExpressAdapter(), { logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  /** Status and JSON body of one request. */
  async function call(method: 'get' | 'head' | 'post' | 'delete', path: string): Promise<[number, unknown]> {
    const response = await request(app.getHttpServer() as Server)[method](path);
    return [response.status, method === 'head' ? undefined : response.body];
  }

  it('routes each request to its segment, keeping the routes in their order', async () => {
    expect(await call('get', '/things/special')).toEqual([200, { route: 'special' }]);
    expect(await call('get', '/things/42')).toEqual([200, { route: 'one', id: '42' }]);
    expect(await call('post', '/things')).toEqual([201, { route: 'create' }]);
    expect(await call('get', '/')).toEqual([200, { route: 'home' }]);
  });

  it('keeps Express matching rules: any case, a trailing slash, HEAD by GET routes', async () => {
    expect(await call('get', '/THINGS/Special')).toEqual([200, { route: 'special' }]);
    expect(await call('get', '/things/special/')).toEqual([200, { route: 'special' }]);
    expect((await call('head', '/things/7'))[0]).toBe(200);
    expect((await call('head', '/ping'))[0]).toBe(200);
  });

  it('tries routes whose first segment is a parameter after the named segments', async () => {
    expect(await call('get', '/acme/profile')).toEqual([200, { route: 'profile', tenant: 'acme' }]);
    expect(await call('get', '/things/profile')).toEqual([200, { route: 'one', id: 'profile' }]);
  });

  it('answers 404 for what no route matches, in a known or an unknown segment', async () => {
    expect((await call('get', '/things/1/2'))[0]).toBe(404);
    expect((await call('get', '/nothing-here'))[0]).toBe(404);
    expect((await call('delete', '/things/1'))[0]).toBe(404);
  });
});
