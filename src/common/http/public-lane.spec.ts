import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Render, Req, Res, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { loadConfig } from '../../config/app-config';
import { Public } from './access.decorators';
import { laneFailure } from './lane-handover';
import { PublicLane } from './public-lane';
import { ServedByPublicLane, type PublicRequest } from './public-page';
import { SegmentedExpressAdapter } from './segmented-express-adapter';

const VIEWS = mkdtempSync(join(tmpdir(), 'lane-views-'));
writeFileSync(join(VIEWS, 'thing.hbs'), '');
afterAll(() => rmSync(VIEWS, { recursive: true, force: true }));

const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'x'.repeat(64),
  DATA_DIR: '/tmp',
  DEFAULT_LOCALE: 'en',
});

@Controller('things')
@Public()
class ThingsController {
  @Get(':id')
  @ServedByPublicLane()
  one(@Req() req: PublicRequest, @Param('id') id: string, @Query('colour') colour?: string) {
    return { id, colour, locale: req.locale, ip: req.ip, title: req.t('register.title') };
  }

  @Get(':id/page')
  @Render('thing')
  @ServedByPublicLane()
  page(@Param('id') id: string) {
    if (id === 'missing') throw new Error('no such thing');
    return { id, withForm: id === 'form' };
  }
}

/** Nest serves it, on a segmented adapter, with a trivial view engine; the lane in front, Express behind. */
async function laneApp(...controllers: Type[]) {
  const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], controllers }).compile();
  const adapter = new SegmentedExpressAdapter();
  const app = moduleRef.createNestApplication<NestExpressApplication>(adapter, { logger: false });
  app.engine('hbs', (_file: string, options: object, done: (error: unknown, html?: string) => void) => {
    const values = options as { id: string; locale: string; withForm: boolean; csrfToken: () => string };
    try {
      done(null, `<p lang="${values.locale}">${values.id}${values.withForm ? ` <input value="${values.csrfToken()}">` : ''}</p>`);
    } catch (error) {
      done(error);
    }
  });
  app.setViewEngine('hbs');
  app.setBaseViewsDir(VIEWS);
  await app.init();
  const givenToPipeline: { url: string | undefined; failure: unknown }[] = [];
  const express = adapter.getInstance<(req: IncomingMessage, res: ServerResponse) => void>();
  const lane = new PublicLane(app, config, adapter.routes(), (req, res) => {
    givenToPipeline.push({ url: req.url, failure: laneFailure(req)?.error });
    express(req, res);
  });
  adapter.usePublicLane(lane);
  return { app, lane, givenToPipeline, server: app.getHttpServer() };
}

describe('PublicLane', () => {
  it('serves a marked route with its path parameters, query and a PublicRequest, as JSON with the fixed headers', async () => {
    const { app, lane, server } = await laneApp(ThingsController);
    const response = await request(server).get('/things/a%20b?colour=red').set('Accept-Language', 'zh-CN').set('Cookie', 'lang=en');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toEqual({
      id: 'a b',
      colour: 'red',
      locale: 'en',
      ip: expect.stringMatching(/127\.0\.0\.1/) as string,
      title: 'Public register',
    });
    expect(lane.stats).toEqual({ served: 1, handedOver: 0 });
    await app.close();
  });

  it('renders a marked page through the application’s view engine, in the visitor’s language', async () => {
    const { app, server } = await laneApp(ThingsController);
    const response = await request(server).get('/things/x/page').set('Accept-Language', 'zh-CN,zh;q=0.9');
    expect(response.text).toBe('<p lang="zh-CN">x</p>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.text)));
    await app.close();
  });

  it('gives the pipeline a page that renders a form (it needs a session), without a failure', async () => {
    const { app, lane, givenToPipeline, server } = await laneApp(ThingsController);
    await request(server).get('/things/form/page');
    expect(givenToPipeline).toEqual([{ url: '/things/form/page', failure: undefined }]);
    expect(lane.stats).toEqual({ served: 0, handedOver: 1 });
    await app.close();
  });

  it('gives the pipeline the error of a handler that failed', async () => {
    const { app, givenToPipeline, server } = await laneApp(ThingsController);
    await request(server).get('/things/missing/page');
    expect(givenToPipeline).toEqual([{ url: '/things/missing/page', failure: new Error('no such thing') }]);
    await app.close();
  });

  it.each([
    ['a session cookie', '/things/a', { Cookie: 'portal.sid=s%3Aabc' }],
    ['a repeated query parameter', '/things/a?colour=red&colour=blue', {}],
    ['a trailing slash', '/things/a/', {}],
  ])('leaves a request with %s to the pipeline untouched', async (_case, path, headers) => {
    const { app, lane, givenToPipeline, server } = await laneApp(ThingsController);
    await request(server).get(path).set(headers);
    expect(lane.stats).toEqual({ served: 0, handedOver: 0 });
    expect(givenToPipeline).toEqual([]);
    await app.close();
  });
});

describe('PublicLane refuses at start-up a route it could not serve as Nest would', () => {
  @Controller('closed')
  class NotPublic {
    @Get(':id')
    @ServedByPublicLane()
    one(@Param('id') id: string) {
      return { id };
    }
  }

  @Controller('posted')
  @Public()
  class Posted {
    @Post()
    @ServedByPublicLane()
    make() {
      return {};
    }
  }

  @Controller('piped')
  @Public()
  class Piped {
    @Get(':id')
    @ServedByPublicLane()
    one(@Param('id', ParseIntPipe) id: number) {
      return { id };
    }
  }

  @Controller('raw')
  @Public()
  class Raw {
    @Get()
    @ServedByPublicLane()
    one(@Res() res: { send(body: string): void }) {
      res.send('raw');
    }
  }

  @Controller('coded')
  @Public()
  class Coded {
    @Get()
    @HttpCode(202)
    @ServedByPublicLane()
    one() {
      return {};
    }
  }

  @Controller('shadowed')
  @Public()
  class Shadowed {
    @Get('special')
    special() {
      return {};
    }

    @Get(':id')
    @ServedByPublicLane()
    one(@Param('id') id: string) {
      return { id };
    }
  }

  it.each([
    [NotPublic, /NotPublic.one: the route is not @Public/],
    [Posted, /Posted.make: only GET routes/],
    [Piped, /Piped.one: the lane does not run parameter pipes/],
    [Raw, /Raw.one: the lane supplies only @Req\(\), @Param\(name\) and @Query\(\)/],
    [Coded, /Coded.one: the lane does not apply __httpCode__/],
    [Shadowed, /Shadowed.one: GET \/shadowed\/special could match the same requests/],
  ] as [Type, RegExp][])('%p', async (controller, message) => {
    await expect(laneApp(controller)).rejects.toThrow(message);
  });
});
