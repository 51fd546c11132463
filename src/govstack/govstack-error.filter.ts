import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { describeError } from '../common/errors/error-catalogue';
import { isDatabaseUnavailable } from '../common/errors/http-exception.filter';
import { translate } from '../common/i18n/i18n';

/** A request the API cannot accept, with what is wrong with it (answers 400 with a systemError body). */
export function invalidRequest(detail: string): DomainError {
  return new DomainError('request.invalid', {}, detail);
}

/**
 * Failures of the GovStack routes as the specification's systemError: { traceId, code, message,
 * localizedMessage }, with the status the portal's error catalogue gives the same failure on its pages.
 */
@Catch()
export class GovstackErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('GovstackApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.respond(exception, host.switchToHttp().getRequest<Request>(), host.switchToHttp().getResponse<Response>());
  }

  /** Also for errors before routing (a body that is not JSON), so they get the same systemError shape. */
  respond(exception: unknown, req: Request, res: Response): void {
    const { status, code, messageKey, params, detail } = describe(exception);
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (res.headersSent) return;
    if (status === 503) res.setHeader('Retry-After', '5');
    // RFC 9110: a 401 names the scheme that would be accepted.
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    const traceId = typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : randomUUID();
    const with_ = (text: string) => (detail ? `${text} ${detail}` : text);
    res.status(status).json({
      traceId,
      code,
      message: detail ?? translate('en', messageKey, params),
      localizedMessage: with_(translate(req.locale ?? 'en', messageKey, params)),
    });
  }
}

function describe(exception: unknown): {
  status: number;
  code: string;
  messageKey: string;
  params: Record<string, unknown>;
  detail?: string;
} {
  if (exception instanceof DomainError) {
    const described = describeError(exception.code);
    const { messageKey } = described;
    // POST /documents documents one failure status, 400, for any document its checks refuse.
    const status = exception.code.startsWith('document.') ? 400 : described.status;
    const detail = exception.message !== exception.code ? exception.message : undefined;
    return { status, code: exception.code, messageKey, params: exception.params, ...(detail ? { detail } : {}) };
  }
  if (isDatabaseUnavailable(exception)) return { status: 503, code: 'database.unavailable', messageKey: 'error.unavailable', params: {} };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const key =
      status === 404 ? 'error.notFound' : status === 413 ? 'error.tooLarge' : status < 500 ? 'error.badRequest' : 'error.internal';
    return { status, code: status === 404 ? 'not_found' : `http.${status}`, messageKey: key, params: {}, detail: exception.message };
  }
  // http-errors from the body parsers (a body that is not JSON, one too large) carry their own status.
  const status = (exception as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'request.invalid', messageKey: status === 413 ? 'error.tooLarge' : 'error.badRequest', params: {} };
  }
  return { status: 500, code: 'internal', messageKey: 'error.internal', params: {} };
}
