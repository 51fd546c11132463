import type { NextFunction, Request, Response } from 'express';
import { loadConfig } from '../../config/app-config';
import { fixedHeaders, noStore, securityHeaders } from './security-headers';

const config = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(64), DATA_DIR: '/tmp', ...env });

describe('fixedHeaders', () => {
  it('reads the headers the pipeline sets, in its order and spelling', () => {
    const headers = fixedHeaders([...securityHeaders(config({ TRUST_PROXY: 'true' })), noStore]);
    const names = headers.map(([name]) => name);
    expect(names[0]).toBe('Content-Security-Policy');
    expect(names.slice(-2)).toEqual(['Permissions-Policy', 'Cache-Control']);
    expect(Object.fromEntries(headers)).toMatchObject({
      'Content-Security-Policy': expect.stringContaining("script-src 'self'") as string,
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'SAMEORIGIN',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
  });

  it('leaves HSTS and upgrade-insecure-requests out without HTTPS in front', () => {
    const headers = Object.fromEntries(fixedHeaders(securityHeaders(config({ TRUST_PROXY: 'false' }))));
    expect(headers['Strict-Transport-Security']).toBeUndefined();
    expect(headers['Content-Security-Policy']).not.toContain('upgrade-insecure-requests');
  });

  it('is what the handlers set on a real response', () => {
    const set = new Map<string, string>();
    const res = {
      setHeader: (name: string, value: string) => set.set(name, String(value)),
      removeHeader: (name: string) => set.delete(name),
      getHeader: (name: string) => set.get(name),
    };
    for (const handler of [...securityHeaders(config()), noStore]) void handler({} as Request, res as unknown as Response, () => undefined);
    expect(fixedHeaders([...securityHeaders(config()), noStore])).toEqual([...set]);
  });

  it('refuses a handler whose headers depend on the request', () => {
    const byLanguage = (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Content-Language', req.headers['accept-language'] ?? 'en');
      next();
    };
    expect(() => fixedHeaders([byLanguage])).toThrow(/read the request \(headers\)/);
  });

  it('refuses a handler that does not pass the request on at once', () => {
    expect(() => fixedHeaders([(_req: Request, _res: Response, next: NextFunction) => void setImmediate(next)])).toThrow(/at once/);
  });
});
