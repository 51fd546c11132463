/**
 * The path patterns the public lane can serve, and how it matches them: the plain subset of Express's
 * patterns (fixed segments and `:name` parameters, `/verify/:code`), matched more strictly than Express
 * does. A request the lane's match refuses is served by the full pipeline, which applies Express's own
 * rules; so strictness costs only speed, never a different answer.
 */
export type Segment = { fixed: string } | { param: string };

export interface LanePattern {
  readonly path: string;
  readonly segments: readonly Segment[];
}

const FIXED = /^[a-z0-9._~-]+$/;
const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

/** The pattern of an Express path like `/register/:code`, or undefined when it uses anything more. */
export function parsePattern(path: string): LanePattern | undefined {
  if (!path.startsWith('/') || path === '/') return path === '/' ? { path, segments: [] } : undefined;
  const segments: Segment[] = [];
  for (const part of path.slice(1).split('/')) {
    const param = PARAM.exec(part);
    if (param) segments.push({ param: param[1] });
    else if (FIXED.test(part)) segments.push({ fixed: part });
    else return undefined;
  }
  return { path, segments };
}

/**
 * The parameters of a request's path (without its query) if the pattern matches it exactly: fixed
 * segments in the pattern's own (lower) case, no trailing slash, each parameter one non-empty segment,
 * percent-decoded. Undefined otherwise, also when a parameter is not valid percent-encoding (Express
 * answers that with 400).
 */
export function matchPattern(pattern: LanePattern, pathname: string): Record<string, string> | undefined {
  if (!pathname.startsWith('/')) return undefined;
  const parts = pathname === '/' ? [] : pathname.slice(1).split('/');
  if (parts.length !== pattern.segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of pattern.segments.entries()) {
    const part = parts[i];
    if ('fixed' in segment) {
      if (part !== segment.fixed) return undefined;
      continue;
    }
    if (part === '') return undefined;
    try {
      params[segment.param] = decodeURIComponent(part);
    } catch {
      return undefined;
    }
  }
  return params;
}

/**
 * Whether some request path could be matched by both patterns under Express's rules (fixed segments
 * compared without case). A pattern the lane cannot read is taken to overlap everything: the lane must
 * never take a request that Express would give to another route.
 */
export function patternsOverlap(a: LanePattern, other: string): boolean {
  const b = parsePattern(other.toLowerCase());
  if (b === undefined) return true;
  if (a.segments.length !== b.segments.length) return false;
  return a.segments.every((segment, i) => {
    const theirs = b.segments[i];
    return 'param' in segment || 'param' in theirs || segment.fixed === theirs.fixed;
  });
}
