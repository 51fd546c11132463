import type { Options, ReqId } from 'pino-http';
import type { AppConfig } from '../../config/app-config';
import { withoutCsrfToken } from './log-redaction';

const optionsByConfig = new WeakMap<AppConfig, Options>();

/**
 * pino-http's options for the request log, one object per configuration: Nest's logging middleware and
 * the public lane's logger are both made from it, so they log alike and number requests from one counter.
 */
export function requestLogOptions(config: AppConfig): Options {
  const known = optionsByConfig.get(config);
  if (known) return known;
  let lastId = 0;
  const options: Options = {
    level: config.logLevel,
    // Never log secrets: cookies carry the session id, bodies may carry passwords.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    serializers: {
      // The status only: the response headers are the same security headers on nearly every answer (the
      // CSP alone is ~250 bytes a line), the Set-Cookie among them is a secret, and the public lane writes
      // its headers in one go (writeHead), so pino-http's default saw none of them there.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      req: (req: { method: string; url: string; id: unknown }) => ({
        id: req.id,
        method: req.method,
        url: withoutCsrfToken(req.url),
      }),
    },
    genReqId: (req) => (req as { id?: ReqId }).id ?? (lastId = (lastId + 1) & 0x7fffffff),
    autoLogging: {
      ignore: (req) => req.url === '/health' || (req.url ?? '').startsWith('/assets/'),
    },
  };
  optionsByConfig.set(config, options);
  return options;
}
