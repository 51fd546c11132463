import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isGovstackPath } from '../../govstack/govstack-settings';
import { translate } from '../i18n/i18n';
import { DomainError } from './domain-error';
import { describeError } from './error-catalogue';

const STATUS_KEYS: Record<number, string> = {
  400: 'error.badRequest',
  401: 'error.notSignedIn',
  403: 'error.forbidden',
  404: 'error.notFound',
  405: 'error.badRequest',
  409: 'error.conflict',
  413: 'error.tooLarge',
  415: 'error.badRequest',
  429: 'error.tooManyRequests',
  503: 'error.unavailable',
};

/**
 * The one place where failures become HTTP: domain errors by their catalogue entry, framework and
 * library errors by status. Pages get a friendly page, /api gets JSON; neither ever shows a stack trace.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.respond(exception, host.switchToHttp().getRequest<Request>(), host.switchToHttp().getResponse<Response>());
  }

  /** Also used for errors raised by Express middleware (the session store, body parsing) before Nest routes. */
  respond(exception: unknown, req: Request, res: Response): void {
    const { status, code, messageKey, params } = this.describe(exception);
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) {
      // A streamed response (CSV) failed half-way: end the connection rather than leave it hanging.
      res.destroy();
      return;
    }
    if (status === 503) res.setHeader('Retry-After', '5');

    const locale = req.locale ?? 'en';
    const message = translate(locale, messageKey, params);
    if (wantsJson(req)) {
      // RFC 9110: a 401 names the scheme that would be accepted (the JSON APIs take bearer tokens).
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(status).json({ statusCode: status, error: code, message });
      return;
    }
    if (status === 401 && req.method === 'GET') {
      res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.status(status).render('errors/error', {
      backHref: status === 409 ? caseAddress(req.path) : undefined,
      pageTitle:
        translate(locale, `error.title.${status}`) === `error.title.${status}`
          ? translate(locale, 'error.title.generic')
          : translate(locale, `error.title.${status}`),
      status,
      message,
    });
  }

  private describe(exception: unknown): { status: number; code: string; messageKey: string; params: Record<string, unknown> } {
    if (exception instanceof DomainError) {
      const { status, messageKey } = describeError(exception.code);
      return { status, code: exception.code, messageKey, params: exception.params };
    }
    if (isDatabaseUnavailable(exception)) {
      return { status: 503, code: 'database.unavailable', messageKey: 'error.unavailable', params: {} };
    }
    const status = statusOf(exception);
    if (status === 403 && (exception as { code?: string }).code === 'EBADCSRFTOKEN') {
      return { status, code: 'auth.csrf', messageKey: 'error.csrf', params: {} };
    }
    return { status, code: status >= 500 ? 'internal' : `http.${status}`, messageKey: STATUS_KEYS[status] ?? 'error.internal', params: {} };
  }
}

/**
 * The database is restarting or unreachable: the request is refused with 503 (and nothing was changed,
 * as every change is one transaction); the pool reconnects by itself when the server is back.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  const error = exception as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : '';
  const unavailableCodes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'];
  if (code !== undefined && unavailableCodes.includes(code)) return true;
  if (
    /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (starting up|shutting down)/i.test(
      message,
    )
  )
    return true;
  return error?.driverError !== undefined && error.driverError !== exception && isDatabaseUnavailable(error.driverError);
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  // http-errors (csrf-csrf, body-parser) carry a status of their own.
  const status =
    (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

export function wantsJson(req: Request): boolean {
  if (req.path.startsWith('/api/') || req.path === '/health' || isGovstackPath(req.path)) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

const CASE_PAGE = /^\/(applications|review)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/**
 * The page of the application a refused change was about (someone, or the same person with Back, had
 * changed it first), so that a conflict leads back to where it can be seen as it is now.
 */
function caseAddress(path: string): string | undefined {
  const match = CASE_PAGE.exec(path);
  return match ? `/${match[1]}/${match[2]}` : undefined;
}
