import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  RENDER_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parse as parseCookies } from 'cookie';
import type { Application } from 'express';
import proxyaddr from 'proxy-addr';
import pinoHttp from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { resolveLocale, translate } from '../i18n/i18n';
import { layoutLocals } from '../views/layout-locals';
import { PUBLIC_KEY } from './access.decorators';
import { LOCALE_COOKIE, SESSION_COOKIE } from './cookies';
import { inputRefusal } from './input-refusal';
import { handOverFailure } from './lane-handover';
import { matchPattern, parsePattern, patternsOverlap, type LanePattern } from './lane-routes';
import { PUBLIC_LANE_KEY, type PublicRequest } from './public-page';
import { requestLogOptions } from './request-logging';
import { fixedHeaders, noStore, securityHeaders } from './security-headers';

type ArgumentSource = { kind: 'request' } | { kind: 'param'; name: string } | { kind: 'query'; name: string | undefined };

interface LaneRoute {
  readonly pattern: LanePattern;
  readonly call: (...args: unknown[]) => unknown;
  readonly args: readonly ArgumentSource[];
  /** The template of a page; none: the handler's value is sent as JSON. */
  readonly view: string | undefined;
}

/** Thrown by the lane's stand-in CSRF token: a page that renders a form needs a session, so the full pipeline. */
class NeedsSession extends Error {}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The public lane: anonymous GETs of the routes marked @ServedByPublicLane, served straight from Node's
 * HTTP server, before Express. Measured on the 2-core machine, the verification page cost ~490 µs of the
 * portal's CPU through Express, its seventeen middleware and Nest, and ~200 µs here; the bare baseline page
 * of `npm run bench` costs about the same ~200 µs. The page's own work (its query, its template, its
 * rate limit) is the same code either way: the lane calls the controller's own method.
 *
 * What a request must be to take the lane: GET; a path that matches a lane route exactly (lower case, no
 * trailing slash, parameters that decode); a query of single values without NUL characters; no session
 * cookie (someone who may be signed in gets the full pipeline, whose header shows who they are). Anything
 * else, and any request whose page turns out to need a session (a form's CSRF token), goes the full way.
 * What the full pipeline would add, the lane adds in the same form: the security and caching headers
 * (read once from the same handlers, see fixedHeaders), the language (the same resolveLocale), the
 * client's address (Express's trust-proxy function), the layout's values, the request log line. An error
 * (a spent allowance, the database away) is handed to the full pipeline, whose one error responder answers
 * it as it answers any page's error.
 */
export class PublicLane {
  private readonly routes: LaneRoute[];
  private readonly headers: string[];
  private readonly trust: (address: string, hop: number) => boolean;
  private readonly parseQuery: (query: string) => Record<string, unknown>;
  private readonly logRequest: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private readonly express: Application;
  private servedCount = 0;
  private handedOverCount = 0;

  constructor(
    app: NestExpressApplication,
    private readonly config: AppConfig,
    registeredRoutes: readonly string[],
    private readonly fullPipeline: (req: IncomingMessage, res: ServerResponse) => void,
  ) {
    this.routes = laneRoutes(app, registeredRoutes);
    this.headers = fixedHeaders([...securityHeaders(config), noStore]).flat();
    this.express = app.getHttpAdapter().getInstance() as Application;
    // Express's own: the address as req.ip reads it, the query as req.query parses it.
    this.trust = this.express.get('trust proxy fn') as (address: string, hop: number) => boolean;
    this.parseQuery = this.express.get('query parser fn') as (query: string) => Record<string, unknown>;
    this.logRequest = config.logLevel === 'silent' ? undefined : pinoHttp(requestLogOptions(config));
  }

  /** Requests the lane answered itself, and those it began and gave to the full pipeline (tests, benchmark). */
  get stats(): { served: number; handedOver: number } {
    return { served: this.servedCount, handedOver: this.handedOverCount };
  }

  /** Takes the request (true) or leaves it to the full pipeline (false, nothing done to it). */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    if (url.includes('%00') || url.includes('\u0000')) return false;
    const queryAt = url.indexOf('?');
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    let route: LaneRoute | undefined;
    let params: Record<string, string> | undefined;
    for (const candidate of this.routes) {
      params = matchPattern(candidate.pattern, pathname);
      if (params) {
        route = candidate;
        break;
      }
    }
    if (!route || !params) return false;
    const cookies = req.headers.cookie === undefined ? {} : parseCookies(req.headers.cookie);
    if (cookies[SESSION_COOKIE] !== undefined) return false;
    const query = queryAt === -1 ? {} : this.parseQuery(url.slice(queryAt + 1));
    if (!Object.values(query).every((value) => typeof value === 'string') || inputRefusal(query) !== undefined) return false;
    this.logRequest?.(req, res);
    void this.answer(route, params, query as Record<string, string>, cookies[LOCALE_COOKIE], req, res);
    return true;
  }

  private async answer(
    route: LaneRoute,
    params: Record<string, string>,
    query: Record<string, string>,
    chosenLocale: string | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const locale = resolveLocale(chosenLocale, undefined, req.headers['accept-language'], this.config.defaultLocale);
    const request: PublicRequest = {
      locale,
      t: (key, values) => translate(locale, key, values),
      ip: proxyaddr(req, this.trust),
      res,
    };
    let body: string;
    try {
      const args = route.args.map((source) =>
        source.kind === 'request' ? request : source.kind === 'param' ? params[source.name] : source.name ? query[source.name] : query,
      );
      const value = await route.call(...args);
      body = route.view === undefined ? JSON.stringify(value) : await this.render(route.view, locale, req.url ?? '/', value);
    } catch (error) {
      if (!(error instanceof NeedsSession)) handOverFailure(req, error);
      this.handedOverCount += 1;
      this.fullPipeline(req, res);
      return;
    }
    this.servedCount += 1;
    res.writeHead(200, [
      ...this.headers,
      'Content-Type',
      route.view === undefined ? JSON_TYPE : HTML,
      'Content-Length',
      String(Buffer.byteLength(body)),
    ]);
    res.end(body);
  }

  private render(view: string, locale: PublicRequest['locale'], address: string, value: unknown): Promise<string> {
    const options = {
      ...layoutLocals(locale, address, this.config),
      csrfToken: () => {
        throw new NeedsSession(`${view} renders a form`);
      },
      ...(value as object),
    };
    return new Promise((resolve, reject) => {
      this.express.render(view, options, (error: Error | null, html?: string) => {
        if (error !== null && error !== undefined) reject(error);
        else resolve(html ?? '');
      });
    });
  }
}

/** The routes marked @ServedByPublicLane, checked: the lane serves them exactly as Nest would, or start-up fails. */
function laneRoutes(app: NestExpressApplication, registeredRoutes: readonly string[]): LaneRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: LaneRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
    if (!instance || !type) continue;
    for (const methodName of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = instance[methodName] as ((...args: unknown[]) => unknown) | undefined;
      if (typeof handler !== 'function' || reflector.get<boolean>(PUBLIC_LANE_KEY, handler) !== true) continue;
      const name = `${type.name}.${methodName}`;
      const refuse = (why: string): never => {
        throw new Error(`@ServedByPublicLane on ${name}: ${why}`);
      };
      if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [handler, type]) !== true) refuse('the route is not @Public');
      if (reflector.get<RequestMethod>(METHOD_METADATA, handler) !== RequestMethod.GET) refuse('only GET routes');
      for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA]) {
        if ((reflector.getAllAndMerge<unknown[]>(key, [handler, type]) ?? []).length > 0) refuse(`the lane does not run ${key}`);
      }
      for (const key of [HTTP_CODE_METADATA, HEADERS_METADATA, REDIRECT_METADATA, SSE_METADATA]) {
        if (reflector.get<unknown>(key, handler) !== undefined) refuse(`the lane does not apply ${key}`);
      }
      const path =
        joinPath(reflector.get<unknown>(PATH_METADATA, type), reflector.get<unknown>(PATH_METADATA, handler)) ?? refuse('one path only');
      const pattern = parsePattern(path) ?? refuse(`${path} uses more than fixed segments and :parameters`);
      if (!registeredRoutes.includes(`GET ${path}`)) refuse(`GET ${path} is not among the routes the server registered`);
      const rival = registeredRoutes.find(
        (other) => other !== `GET ${path}` && other.startsWith('GET ') && patternsOverlap(pattern, other.slice(4)),
      );
      if (rival !== undefined) refuse(`${rival} could match the same requests`);
      const args = argumentSources(type, methodName, handler.length, refuse);
      const view = reflector.get<string | undefined>(RENDER_METADATA, handler);
      routes.push({ pattern, call: handler.bind(instance), args, view });
    }
  }
  return routes;
}

function joinPath(controllerPath: unknown, methodPath: unknown): string | undefined {
  if (typeof controllerPath !== 'string' || typeof methodPath !== 'string') return undefined;
  const joined = `/${[controllerPath, methodPath].filter((part) => part !== '' && part !== '/').join('/')}`;
  return joined.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/** Where each argument of the handler comes from: @Req(), @Param('name'), @Query('name') or @Query(); nothing else. */
function argumentSources(type: object, methodName: string, arity: number, refuse: (why: string) => never): ArgumentSource[] {
  // Nest keeps a method's argument decorators on its class, under the method's name.
  const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, methodName) ?? {}) as Record<
    string,
    { index: number; data?: unknown; pipes?: unknown[] }
  >;
  const sources: (ArgumentSource | undefined)[] = Array.from({ length: arity }, () => undefined);
  for (const [key, { index, data, pipes }] of Object.entries(declared)) {
    const kind = Number(key.split(':')[0]);
    if ((pipes ?? []).length > 0) refuse('the lane does not run parameter pipes');
    if (data !== undefined && typeof data !== 'string') refuse('parameter names must be strings');
    if (kind === (RouteParamtypes.REQUEST as number)) sources[index] = { kind: 'request' };
    else if (kind === (RouteParamtypes.PARAM as number) && typeof data === 'string') sources[index] = { kind: 'param', name: data };
    else if (kind === (RouteParamtypes.QUERY as number)) sources[index] = { kind: 'query', name: data };
    else refuse(`the lane supplies only @Req(), @Param(name) and @Query() (argument ${index})`);
  }
  return sources.map((source, index) => source ?? refuse(`argument ${index} has no decorator the lane supplies`));
}
