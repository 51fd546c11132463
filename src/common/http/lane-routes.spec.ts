import express from 'express';
import fc from 'fast-check';
import { matchPattern, parsePattern, patternsOverlap, type LanePattern } from './lane-routes';

const pattern = (path: string): LanePattern => {
  const parsed = parsePattern(path);
  if (!parsed) throw new Error(`not a lane pattern: ${path}`);
  return parsed;
};

/** What Express itself (its router, as the portal's routes use it) makes of a request path: the params, or undefined. */
function expressMatch(path: string, requestPath: string): Promise<Record<string, string> | undefined> {
  return new Promise((resolve) => {
    const router = express.Router();
    router.get(path, (req) => resolve({ ...(req.params as Record<string, string>) }));
    const req = { method: 'GET', url: requestPath, headers: {} };
    router(req as express.Request, {} as express.Response, () => resolve(undefined));
  });
}

describe('parsePattern', () => {
  it.each([
    ['/verify/:code', [{ fixed: 'verify' }, { param: 'code' }]],
    ['/api/v1/licences/:code', [{ fixed: 'api' }, { fixed: 'v1' }, { fixed: 'licences' }, { param: 'code' }]],
    ['/register', [{ fixed: 'register' }]],
    ['/.well-known/licence-key', [{ fixed: '.well-known' }, { fixed: 'licence-key' }]],
    ['/', []],
  ])('%s', (path, segments) => {
    expect(parsePattern(path)?.segments).toEqual(segments);
  });

  it.each(['verify/:code', '/Verify/:code', '/verify/:code?', '/files/{*rest}', '/a/*', '/a//b', '/a/', '/a/:', '/a/:1x', '/a/b c'])(
    '%s is more than the lane reads',
    (path) => {
      expect(parsePattern(path)).toBeUndefined();
    },
  );
});

describe('matchPattern', () => {
  const verify = pattern('/verify/:code');
  it.each([
    ['/verify/91210242MA0000001X', { code: '91210242MA0000001X' }],
    ['/verify/%E4%B8%AD%E6%96%87', { code: '中文' }],
    ['/verify/a%2Fb', { code: 'a/b' }],
    ['/verify/', undefined],
    ['/verify', undefined],
    ['/verify/X/', undefined],
    ['/VERIFY/X', undefined],
    ['/verify/X/qr.svg', undefined],
    ['/verify/%E4%B8', undefined],
    ['/verify/%zz', undefined],
    ['verify/X', undefined],
  ])('%s → %j', (path, params) => {
    expect(matchPattern(verify, path)).toEqual(params);
  });

  it('matches the root pattern only at the root', () => {
    expect(matchPattern(pattern('/'), '/')).toEqual({});
    expect(matchPattern(pattern('/'), '/x')).toBeUndefined();
  });

  const patterns = ['/verify/:code', '/register', '/register/:code', '/api/v1/licences/:code', '/a/:x/b/:y'];
  const segment = fc.oneof(
    fc.constantFrom('verify', 'register', 'api', 'v1', 'licences', 'a', 'b', 'VERIFY', 'Register', ''),
    fc.string({ maxLength: 6 }).map(encodeURIComponent),
    fc.constantFrom('%', '%E4%B8', '%2F', '%00', '.', '..', 'x%20y'),
  );
  const requestPath = fc.array(segment, { maxLength: 5 }).map((parts) => `/${parts.join('/')}`);

  it('never matches a path Express would not give the same route with the same parameters (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...patterns), requestPath, async (path, requested) => {
        const ours = matchPattern(pattern(path), requested);
        if (ours !== undefined) expect(await expressMatch(path, requested)).toEqual(ours);
      }),
      { numRuns: 2000 },
    );
  });

  it('matches every path built from the pattern with encoded values (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 2 }),
        (path, values) => {
          const parsed = pattern(path);
          let next = 0;
          const expected: Record<string, string> = {};
          const requested = `/${parsed.segments
            .map((s) => {
              if ('fixed' in s) return s.fixed;
              const value = values[next++ % values.length];
              expected[s.param] = value;
              return encodeURIComponent(value);
            })
            .join('/')}`;
          expect(matchPattern(parsed, requested)).toEqual(expected);
        },
      ),
    );
  });
});

describe('patternsOverlap', () => {
  it.each([
    ['/verify/:code', '/verify/pdf', true],
    ['/verify/:code', '/VERIFY/:id', true],
    ['/verify/:code', '/verify/:code/qr.svg', false],
    ['/verify/:code', '/verify', false],
    ['/register', '/register/:code', false],
    ['/register/:code', '/:segment/:other', true],
    ['/api/v1/licences/:code', '/api/v1/register', false],
    ['/api/v1/licences/:code', '/api/v1/credit-codes/:code', false],
    ['/register', '/files/{*rest}', true],
  ])('%s and %s → %s', (a, b, overlap) => {
    expect(patternsOverlap(pattern(a), b)).toBe(overlap);
  });
});
