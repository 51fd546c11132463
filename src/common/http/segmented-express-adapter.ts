import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';

const ROUTE_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'all', 'search'] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * Nest's Express adapter with the routes filed by their path's first segment (`/verify/:code` under
 * "verify"), so a request is matched only against the routes that can match it.
 *
 * Why: Express tries an application's routes one after another, testing each route's pattern; with the
 * portal's ~115 routes a request for a route near the end of the table walked ~70 patterns first, which
 * was ~10 % of a public page's CPU. Here one middleware, standing where the first route would have stood,
 * picks the segment's own router; that router keeps the routes in the order Nest registered them.
 *
 * Express's matching rules are kept: case-insensitive (the segment is looked up in lower case), a
 * trailing slash allowed, HEAD answered by GET routes, OPTIONS by the segment's routes. A route whose first
 * segment is a parameter or pattern is tried after the segment's routes (the portal has none).
 */
export class SegmentedExpressAdapter extends ExpressAdapter {
  private readonly routers = new Map<string, Router>();
  private readonly anySegment = express.Router();
  private dispatcherInstalled = false;
  private lane: { serve(req: IncomingMessage, res: ServerResponse): boolean } | undefined;

  constructor() {
    super(express());
    for (const method of ROUTE_METHODS) {
      const register = (this as unknown as Record<RouteMethod, (...args: unknown[]) => unknown>)[method].bind(this);
      (this as unknown as Record<RouteMethod, (...args: unknown[]) => unknown>)[method] = (...args: unknown[]) => {
        // get('setting') (one argument) reads an Express setting: not a route.
        if (args.length < 2 || typeof args[0] !== 'string') return register(...args);
        this.route(method, args[0], args.slice(1) as RequestHandler[]);
        return this;
      };
    }
  }

  /** The server hands each request to the lane first (see PublicLane), and to Express if it declines. */
  override initHttpServer(options: NestApplicationOptions): void {
    super.initHttpServer(options);
    const server = this.getHttpServer() as import('node:http').Server;
    const app = this.getInstance<express.Express>();
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.lane?.serve(req, res) !== true) app(req, res);
    });
  }

  usePublicLane(lane: { serve(req: IncomingMessage, res: ServerResponse): boolean }): void {
    this.lane = lane;
  }

  /** Every route registered, as `METHOD /path` (Nest's own catch-all 404 handler is not among them). */
  routes(): string[] {
    return [...this.routers.values(), this.anySegment].flatMap((router) =>
      (router.stack as { route?: { path?: unknown; methods?: Record<string, boolean> } }[]).flatMap(({ route }) =>
        route && typeof route.path === 'string'
          ? Object.entries(route.methods ?? {})
              .filter(([method, on]) => on && method !== '_all')
              .map(([method]) => `${method.toUpperCase()} ${route.path as string}`)
          : [],
      ),
    );
  }

  private route(method: RouteMethod, path: string, handlers: RequestHandler[]): void {
    this.installDispatcher();
    const segment = staticFirstSegment(path);
    let router = segment === undefined ? this.anySegment : this.routers.get(segment);
    if (!router) {
      router = express.Router();
      this.routers.set(segment!, router);
    }
    router[method](path, ...handlers);
  }

  private installDispatcher(): void {
    if (this.dispatcherInstalled) return;
    this.dispatcherInstalled = true;
    const instance = this.getInstance<express.Express>();
    instance.use((req: Request, res: Response, next: NextFunction) => {
      const router = this.routers.get(firstSegmentOf(req.path));
      const afterSegment =
        this.anySegment.stack.length === 0
          ? next
          : (error?: unknown) => (error !== undefined ? next(error) : this.anySegment(req, res, next));
      if (router) router(req, res, afterSegment);
      else afterSegment();
    });
  }
}

/** "verify" for "/verify/:code", "" for "/"; undefined when the first segment is not plain text. */
export function staticFirstSegment(path: string): string | undefined {
  const segment = /^\/([^/]*)/.exec(path)?.[1] ?? '';
  return /^[A-Za-z0-9._~-]*$/.test(segment) ? segment.toLowerCase() : undefined;
}

/** The first segment of a request's path, as staticFirstSegment files it. */
export function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}
