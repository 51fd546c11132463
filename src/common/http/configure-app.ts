import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import passport from 'passport';
import { Pool } from 'pg';
import type { AppConfig, Locale } from '../../config/app-config';
import type { Role } from '../../auth/domain/role';
import { resolveLocale, translate } from '../i18n/i18n';
import { SessionStore } from '../../auth/session-store';
import { PROJECT_ROOT } from '../project-root';
import { layoutLocals } from '../views/layout-locals';
import { configureViews } from '../views/view-engine';
import { deferredSession, sessionDeferred, unlessSessionDeferred } from './deferred-session';
import { HttpExceptionFilter } from '../errors/http-exception.filter';
import { DomainError } from '../errors/domain-error';
import { GovstackErrorFilter } from '../../govstack/govstack-error.filter';
import { isGovstackPath } from '../../govstack/govstack-settings';
import { NotificationsRepository } from '../../notifications/notifications.repository';
import { LOCALE_COOKIE, SESSION_COOKIE } from './cookies';
import { inputRefusal } from './input-refusal';
import { laneFailure } from './lane-handover';
import { noStore, securityHeaders } from './security-headers';

/**
 * The Express middleware every request passes through, in order: security headers, static files,
 * cookies and body parsing, the PostgreSQL session, passport, locale, CSRF, and the values every page's
 * layout needs. main.ts and the e2e tests both use this, so tests exercise the real stack.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig, databaseUrl: string): { close(): Promise<void> } {
  const secure = config.trustProxy !== false;
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No automatic ETag: Express would hash every page body (SHA-1) on every request for a 304 that dynamic,
  // mostly per-person pages almost never earn. Static assets keep serve-static's own validators.
  app.set('etag', false);

  // What the middleware answers itself (refused input, a failing session store, a public lane page's
  // error) gets the same answer as an error in a route: a page or JSON with the right status.
  const errors = new HttpExceptionFilter();
  const govstackErrors = new GovstackErrorFilter();
  const respondWithError = (error: unknown, req: Request, res: Response): void => {
    prepareEarlyErrorPage(req, res, config);
    if (isGovstackPath(req.path)) govstackErrors.respond(error, req, res);
    else errors.respond(error, req, res);
  };

  for (const handler of securityHeaders(config)) app.use(handler);
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/assets/', maxAge: config.env === 'production' ? '1d' : 0, index: false });
  // Everything but the assets above is kept out of caches (see noStore).
  app.use(noStore);
  app.use(cookieParser());
  // PostgreSQL cannot store a NUL character, and no form or API body nests deep: refuse such input at the
  // door, before any query or recursive walk sees it.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      req.originalUrl.includes('%00') ||
      req.originalUrl.includes('\u0000') ||
      inputRefusal(req.body) !== undefined ||
      inputRefusal(req.query) !== undefined
    ) {
      respondWithError(new DomainError('request.invalid'), req, res);
      return;
    }
    next();
  });

  // Session writes stay durable: a sign-out (the row's deletion) must not come undone in a crash.
  const sessionPool = new Pool({ connectionString: databaseUrl, max: 5, application_name: 'registration-portal-sessions' });
  // Without a listener, a PostgreSQL restart emits an unhandled 'error' and takes the process down.
  sessionPool.on('error', () => undefined);
  // No touch: the store would otherwise rewrite the session row (a durable write) on every signed-in
  // request; keepSessionAlive below moves the expiry on at most once a minute instead.
  const store = new SessionStore(sessionPool, {
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
    disableTouch: true,
  });
  app.use(
    deferredSession(
      session({
        name: SESSION_COOKIE,
        secret: config.sessionSecret,
        store,
        resave: false,
        saveUninitialized: false,
        // Not rolling: the cookie is sent again when the session is saved, which keepSessionAlive makes
        // happen once a minute of activity, so the cookie's expiry follows the row's. A rolling cookie cost
        // a signature (HMAC) and a Set-Cookie on every signed-in response for the same minute's accuracy.
        rolling: false,
        cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: config.sessionIdleMinutes * 60_000 },
      }),
      SESSION_COOKIE,
    ),
  );
  // Save the session before a redirect leaves: otherwise a fast browser can request the next page before
  // the store has the message set for it ("Account created") and the message appears a page late.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      if (sessionDeferred(req) || !req.session) return redirect(...args);
      req.session.save(() => redirect(...args));
    };
    next();
  });
  // Nobody is signed in on a request whose session is deferred: no passport work for it.
  app.use(unlessSessionDeferred(passport.initialize()));
  app.use(unlessSessionDeferred(passport.session() as RequestHandler));
  app.use(absoluteTimeout(config));
  app.use(keepSessionAlive);
  // Errors of the middleware above (the session store while PostgreSQL restarts) get the same answers as
  // errors in routes: a page or JSON with the right status, never Express's default error output.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => respondWithError(error, req, res));
  app.use(localeResolver(config));

  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => config.sessionSecret,
    getSessionIdentifier: (req) => req.sessionID ?? '',
    cookieName: secure ? '__Host-portal.csrf' : 'portal.csrf',
    cookieOptions: { sameSite: 'lax', secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      // A multipart form (file upload) is parsed only after this check, so it carries its token in the
      // action's query string; the page is same-origin and sends no Referer elsewhere.
      const query = (req.headers['content-type'] ?? '').startsWith('multipart/form-data') ? req.query['_csrf'] : undefined;
      return (
        (typeof body?.['_csrf'] === 'string' ? body['_csrf'] : undefined) ??
        (typeof query === 'string' ? query : undefined) ??
        req.headers['x-csrf-token']
      );
    },
    // The public JSON API is read-only and uses no cookies. The GovStack API changes things, but no cookie
    // authorises anything there (GovstackAuthGuard reads only a bearer token or a trusted gateway's header,
    // never the session), so a cross-site request carrying the session cookie gains nothing.
    skipCsrfProtection: (req) => req.path.startsWith('/api/') || isGovstackPath(req.path),
  });
  app.use(doubleCsrfProtection);
  const notifications = app.get(NotificationsRepository);
  app.use((req: Request, res: Response, next: NextFunction) => {
    let token: string | undefined;
    // A function, so Handlebars calls it only where a form is rendered: an anonymous visitor who only
    // reads gets no token and no session row.
    res.locals['csrfToken'] = () => {
      if (token === undefined) {
        req.session.csrf = true;
        token = generateCsrfToken(req, unlessUnchanged(req, res));
      }
      return token;
    };
    if (req.user) {
      res.locals['currentUser'] = { ...req.user, roleLabel: req.t(`role.${req.user.role}`) };
      res.locals['navItems'] = navigation(req.user.role).map((item) => ({
        href: item.href,
        text: req.t(item.key),
        current: req.path === item.href || (!['/admin', '/review'].includes(item.href) && req.path.startsWith(`${item.href}/`)),
      }));
    }
    const flash = sessionDeferred(req) ? undefined : req.session?.flash;
    if (flash) {
      res.locals['flash'] = flash;
      delete req.session.flash;
    }
    if (req.user?.role !== 'applicant') return next();
    // The unread count in the header: one indexed count per page an applicant opens.
    notifications.unreadCount(req.user.id).then((unread) => {
      const items = res.locals['navItems'] as { href: string; text: string; current: boolean }[];
      items.push({
        href: '/notifications',
        text: unread > 0 ? req.t('nav.notificationsUnread', { count: unread }) : req.t('nav.notifications'),
        current: req.path === '/notifications',
      });
      next();
    }, next);
  });
  // A public page the public lane began and could not finish (the allowance spent, the database away)
  // gets its error answered here, as a page's error from a route would be, with the request's language.
  // This stands before Nest's request logger (registered at init), so the lane's log line is its only one.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const failure = laneFailure(req);
    if (failure === undefined) next();
    else respondWithError(failure.error, req, res);
  });
  configureViews(app, config.env === 'production');
  // Stop the store's pruning first: a prune after the pool has ended would fail (and log) after shutdown.
  return {
    close: () => {
      store.close();
      return sessionPool.end();
    },
  };
}

/**
 * The response as csrf-csrf sees it when it issues a token: it sets the token's cookie every time, also when
 * the request carries that very cookie (a valid token is reused). The cookie has no expiry of its own, so
 * sending it again changes nothing: it is sent only when it changes.
 */
function unlessUnchanged(req: Request, res: Response): Response {
  const cookies = req.cookies as Record<string, unknown>;
  return new Proxy(res, {
    get(target, property, receiver) {
      if (property !== 'cookie') return Reflect.get(target, property, receiver) as unknown;
      return (name: string, value: string, options: CookieOptions) =>
        cookies[name] === value ? target : target.cookie(name, value, options);
    },
  });
}

/** What each role's header navigation offers. Modules add their pages here as they land. */
function navigation(role: Role): { href: string; key: string }[] {
  // "Your account" is in the header's account links already.
  if (role === 'admin')
    return [
      { href: '/admin', key: 'nav.dashboard' },
      { href: '/admin/accounts', key: 'nav.accounts' },
      { href: '/admin/audit', key: 'nav.audit' },
      { href: '/statistics', key: 'nav.statistics' },
      { href: '/admin/exchange', key: 'nav.exchange' },
      { href: '/admin/services', key: 'nav.govstackServices' },
      { href: '/review', key: 'nav.review' },
    ];
  if (role === 'applicant') return [{ href: '/applications', key: 'nav.applications' }];
  if (role === 'reviewer')
    return [
      { href: '/review', key: 'nav.review' },
      { href: '/review/mine', key: 'nav.myWork' },
      { href: '/statistics', key: 'nav.statistics' },
    ];
  return [];
}

/** How often, at most, a signed-in person's activity rewrites their session row to move its expiry on. */
const SESSION_REFRESH_MS = 60_000;

/**
 * The idle timeout counts from the last activity: the row's expiry in the store and the cookie's expiry
 * move on with every save. Marking the session changed once a minute saves it (and sends the cookie again),
 * so both follow activity within a minute, at one write a minute instead of one a request.
 * Only signed-in sessions: an anonymous visitor's session is not made to exist by this.
 */
function keepSessionAlive(req: Request, _res: Response, next: NextFunction): void {
  if (req.user && req.session) {
    const now = Date.now();
    if (now - (req.session.seenAt ?? 0) >= SESSION_REFRESH_MS) req.session.seenAt = now;
  }
  next();
}

function absoluteTimeout(config: AppConfig) {
  const limit = config.sessionAbsoluteHours * 3_600_000;
  return (req: Request, _res: Response, next: NextFunction): void => {
    const signedInAt = req.user ? req.session?.signedInAt : undefined;
    if (req.user && signedInAt !== undefined && Date.now() - signedInAt > limit) {
      // A new, empty session rather than none: the page may still need one (a form's CSRF token).
      req.session.regenerate((error) => {
        req.user = undefined;
        next(error);
      });
      return;
    }
    next();
  };
}

/**
 * The address of the page shown, for the language switch to come back to. A form sent with a mistake is
 * shown again by its POST, whose address has no page to GET (the switch led to "page not found"): then the
 * page the form was on, from the same-origin Referer, or the home page.
 */
function pageAddress(req: Request): string {
  if (req.method === 'GET' || req.method === 'HEAD') return req.originalUrl;
  const referer = req.get('referer');
  if (referer !== undefined && URL.canParse(referer)) {
    const from = new URL(referer);
    if (from.host === req.get('host')) return `${from.pathname}${from.search}`;
  }
  return '/';
}

/**
 * An error answered before the language and the layout's values were set (refused input, the session
 * store failing while PostgreSQL restarts): its page still needs both, or it came out in the default
 * language inside an English frame, with an empty `lang` and "Version {version}" in the footer. Nobody is
 * known to be signed in yet, so the language is the switch's cookie or the browser's, as for a visitor.
 */
function prepareEarlyErrorPage(req: Request, res: Response, config: AppConfig): void {
  req.locale ??= pageLanguage(req, undefined, config);
  req.t ??= (key, params) => translate(req.locale, key, params);
  if (res.locals['locale'] === undefined) Object.assign(res.locals, layoutLocals(req.locale, pageAddress(req), config));
}

/** The language switch's cookie, then the account's preference, then Accept-Language, then the default. */
function pageLanguage(req: Request, accountLocale: unknown, config: AppConfig): Locale {
  const chosen: unknown = (req.cookies as Record<string, unknown> | undefined)?.[LOCALE_COOKIE];
  return resolveLocale(chosen, accountLocale, req.headers['accept-language'], config.defaultLocale);
}

/** The page's language (pageLanguage) and the layout's values that go with it. */
function localeResolver(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.locale = pageLanguage(req, req.user?.locale, config);
    req.t = (key, params) => translate(req.locale, key, params);
    // The layout's values as soon as the language is known, so that a page refused from here on (a CSRF
    // token that does not match) is a whole page too.
    Object.assign(res.locals, layoutLocals(req.locale, pageAddress(req), config));
    next();
  };
}
