import type { NextFunction, Request, RequestHandler, Response } from 'express';

const DEFERRED = Symbol('session deferred');

interface MaybeDeferred {
  [DEFERRED]?: true;
}

/**
 * Runs the session middleware only when a request can need a session. A GET or HEAD without the session
 * cookie (a first visit, a public page, an API client) has nobody signed in and nothing stored, so its
 * session is created on first use (a page with a form asks for a CSRF token) or never. Most public
 * requests then skip creating a session object and the sign-in machinery altogether.
 */
export function deferredSession(sessionMiddleware: RequestHandler, cookieName: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || cookies?.[cookieName] !== undefined) {
      sessionMiddleware(req, res, next);
      return;
    }
    (req as MaybeDeferred)[DEFERRED] = true;
    Object.defineProperty(req, 'session', {
      configurable: true,
      enumerable: true,
      get(this: Request) {
        materialise(this, res, sessionMiddleware);
        return this.session;
      },
      set(this: Request, value: unknown) {
        settle(this);
        (this as { session: unknown }).session = value;
      },
    });
    next();
  };
}

/** Whether the request's session has not been needed (so there is none, and nobody is signed in). */
export function sessionDeferred(req: Request): boolean {
  return (req as MaybeDeferred)[DEFERRED] === true;
}

/** Runs a middleware that reads the session only when the request has one. */
export function unlessSessionDeferred(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (sessionDeferred(req)) next();
    else handler(req, res, next);
  };
}

function settle(req: Request): void {
  delete (req as MaybeDeferred)[DEFERRED];
  delete (req as { session?: unknown }).session;
}

function materialise(req: Request, res: Response, sessionMiddleware: RequestHandler): void {
  settle(req);
  // With no session cookie, express-session creates the new session synchronously (no store read), and
  // sets its cookie and saving up as it would have at the start of the request.
  sessionMiddleware(req, res, () => undefined);
}
