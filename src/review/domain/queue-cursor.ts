/**
 * Where the next page of the review queue starts: after the application with this submission time and
 * id, in the queue's order. The time is PostgreSQL's own, to the microsecond, as ISO 8601 text
 * ("2026-11-27T09:30:01.123456Z"): a JavaScript Date keeps only milliseconds, and a cursor rounded down to
 * the millisecond placed a page's last application after itself, so it came again at the top of the next.
 */
export interface QueueCursor {
  submittedAt: string;
  id: string;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The cursor of a next-page link (its afterAt and afterId), or undefined when they are not one: the first
 * page is shown. Only real instants pass, so PostgreSQL never sees a time it would refuse.
 */
export function parseQueueCursor(afterAt: string, afterId: string): QueueCursor | undefined {
  const instant = INSTANT.exec(afterAt);
  if (!instant || !UUID.test(afterId)) return undefined;
  const [, day, time] = instant;
  // Date rolls 30 February over into March and 24:00 into the next day; PostgreSQL has no year 0.
  const whole = `${day}T${time}`;
  const parsed = new Date(`${whole}Z`);
  if (day < '0001' || Number.isNaN(parsed.getTime()) || parsed.toISOString() !== `${whole}.000Z`) return undefined;
  return { submittedAt: afterAt, id: afterId };
}
