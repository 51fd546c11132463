import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import type { SessionUser } from '../common/http/request-context';

/** Runs the local strategy and, on success, signs in (passport regenerates the session id). */
export function authenticateLocal(req: Request, res: Response): Promise<SessionUser | false> {
  return new Promise((resolve, reject) => {
    const next: NextFunction = (error?: unknown) => (error ? reject(toError(error)) : undefined);
    const handler = passport.authenticate('local', { session: false }, (error: unknown, user: SessionUser | false) => {
      if (error) reject(toError(error));
      else resolve(user);
    }) as (req: Request, res: Response, next: NextFunction) => void;
    handler(req, res, next);
  });
}

export function signIn(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (error) => (error ? reject(error as Error) : resolve())));
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    req.logOut((error) => {
      if (error) return reject(error as Error);
      req.session.destroy((destroyError) => (destroyError ? reject(destroyError as Error) : resolve()));
    }),
  );
}

/** Only local paths, so a crafted link cannot bounce a freshly signed-in user to another site. */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\r\n]/.test(value) ? value : fallback;
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
