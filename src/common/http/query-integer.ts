import { DomainError } from '../errors/domain-error';

/**
 * A whole number from the query string, between min and max; absent or empty gives the default. Anything
 * else ("1.5", "-1", "1e3", a repeated parameter, beyond max) is refused with a 400 that names the
 * parameter and its range, rather than guessed at: a guess sent "limit=2.5" on to PostgreSQL (a 500), and
 * a client that sends a wrong value should learn so.
 */
export function queryInteger(name: string, value: unknown, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined || value === '') return range.fallback;
  const number = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= range.min && number <= range.max))
    throw new DomainError('api.invalid_parameter', { name, min: range.min, max: range.max });
  return number;
}
