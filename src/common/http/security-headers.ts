import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../../config/app-config';

/**
 * The headers every answer carries whatever it is (helmet's strict set: a CSP with no inline script or
 * style, HSTS behind HTTPS, no framing, no sniffing; and no powerful browser features). They depend only
 * on the configuration, never on the request: the public lane sends the same headers, read once from
 * these same handlers (fixedHeaders).
 */
export function securityHeaders(config: AppConfig): RequestHandler[] {
  const secure = config.trustProxy !== false;
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          ...(secure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    }),
    (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
      next();
    },
  ];
}

/**
 * Everything but the static assets is kept out of browser and proxy caches: an application shows a
 * person's identity numbers, and after signing out on a shared computer (a service hall's) Back must not
 * bring them up from the cache. The QR codes, public and the same for everyone, say otherwise.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The headers these handlers set, as [name, value] pairs in the order they set them: each is run once
 * on a stand-in response. Refuses a handler that does not call next() at once, or that reads the request:
 * its headers would not be fixed.
 */
export function fixedHeaders(handlers: readonly RequestHandler[]): [string, string][] {
  const headers = new Map<string, [string, string]>();
  const response = {
    setHeader(name: string, value: unknown) {
      headers.set(name.toLowerCase(), [name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return response;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
    getHeader(name: string) {
      return headers.get(name.toLowerCase())?.[1];
    },
  };
  const request = new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`a fixed-header handler read the request (${String(property)})`);
      },
    },
  );
  for (const handler of handlers) {
    let passed = false;
    void handler(request as Request, response as unknown as Response, (error?: unknown) => {
      if (error !== undefined) throw error instanceof Error ? error : new Error('a fixed-header handler failed');
      passed = true;
    });
    if (!passed) throw new Error('a fixed-header handler did not pass the request on at once');
  }
  return [...headers.values()];
}
