import { UUID } from '../text/uuid';
/**
 * Where the next page of a list ordered by a time and then an id starts: after (in the list's order) the
 * row with this time and id. Keyset paging, so deep pages cost what the first costs.
 *
 * The time is PostgreSQL's own, to the microsecond, as ISO 8601 text ("2026-11-27T09:30:01.123456Z"),
 * written by the query itself (cursorTimeSql): a JavaScript Date keeps only milliseconds, and a cursor
 * rounded to the millisecond placed a page's last row on the wrong side of itself, so it came again at
 * the top of the next page.
 */
export interface ListCursor {
  at: string;
  id: string;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?Z$/;

/**
 * The cursor of a next-page link (its afterAt and afterId), or undefined when they are not one: the first
 * page is shown. Only real instants pass, so PostgreSQL never sees a time it would refuse.
 */
export function parseListCursor(afterAt: string, afterId: string): ListCursor | undefined {
  const instant = INSTANT.exec(afterAt);
  if (!instant || !UUID.test(afterId)) return undefined;
  const [, day, time] = instant;
  // Date rolls 30 February over into March and 24:00 into the next day; PostgreSQL has no year 0.
  const whole = `${day}T${time}`;
  const parsed = new Date(`${whole}Z`);
  if (day < '0001' || Number.isNaN(parsed.getTime()) || parsed.toISOString() !== `${whole}.000Z`) return undefined;
  return { at: afterAt, id: afterId };
}

/** The cursor a next-page link carries in its query string, or undefined (the first page). */
export function listCursorFromQuery(query: Readonly<Record<string, unknown>>): ListCursor | undefined {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
  return parseListCursor(text('afterAt'), text('afterId'));
}

/** The link to the page after `cursor`: the list's path, the parameters it keeps (its filter), the cursor. */
export function nextPageHref(path: string, cursor: ListCursor, keep: Readonly<Record<string, string>> = {}): string {
  return `${path}?${new URLSearchParams({ ...keep, afterAt: cursor.at, afterId: cursor.id }).toString()}`;
}

/**
 * A page from a query that asked for one row more than the page holds: the page's rows, and the cursor
 * after its last row when there is a next page. Each row carries its cursor time (cursorTimeSql) and id.
 */
export function keysetPage<T extends { cursor: string; id: string }>(rows: readonly T[], limit: number): { rows: T[]; next?: ListCursor } {
  const last = rows[limit - 1];
  return { rows: rows.slice(0, limit), ...(rows.length > limit && last ? { next: { at: last.cursor, id: last.id } } : {}) };
}

/** The SQL expression that writes a timestamptz column as a cursor's time. */
export function cursorTimeSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
