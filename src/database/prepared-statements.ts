import { createHash } from 'node:crypto';
import type { Pool, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/*
 * The queries behind every page view (who is signed in, the session, the verification page, the review
 * queue, the applicant's dashboard) run as named prepared statements: PostgreSQL parses and plans such a
 * statement once per connection, then only binds and executes it. Measured on the 2-core machine, the
 * verification page's query went from ~220 µs of PostgreSQL CPU per call to ~60 µs, and PostgreSQL shares
 * those two cores with the portal.
 *
 * Only for query texts written in the code (the statement's name is derived from the text, so a text built
 * from input would make ever more statements), only outside transactions (the statement runs on any
 * pooled connection), and only where the generic plan, which PostgreSQL may switch to after five runs, is
 * as good as the plan made with the values: `npm run bench` reports both (the register search is prepared
 * only in a form written for it, see registerSearch). PostgreSQL re-plans a prepared statement by itself after a migration changes a table
 * it reads. Behind a connection pooler in transaction mode, the pooler must support protocol-level
 * prepared statements (PgBouncer 1.21 and later, max_prepared_statements > 0).
 */

// A safety net: the portal's texts are a few dozen; past this, queries simply run unprepared.
const MAX_NAMED_TEXTS = 500;
const names = new Map<string, string>();

/** The query as pg's named statement (`portal_` + a digest of its text). */
export function namedStatement(text: string, values: readonly unknown[]): QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMED_TEXTS) return { text, values: [...values] };
    name = `portal_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return { name, text, values: [...values] };
}

/** Rows of a fixed-text query, run as a prepared statement on the data source's pool. */
export async function preparedQuery<T extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  // TypeORM's PostgreSQL driver keeps its pg pool as `master`.
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result: QueryResult<T> = await pool.query<T>(namedStatement(text, values));
  return result.rows;
}

/**
 * The pool as the session store sees it: its parameterised queries (read, save, touch, destroy, prune)
 * become prepared statements. connect-pg-simple calls only `query(text, values)` on a pool it was given.
 */
export function preparingPool(pool: Pool): Pick<Pool, 'query'> {
  return {
    query: ((text: string, values?: unknown[]) =>
      values && values.length > 0 ? pool.query(namedStatement(text, values)) : pool.query(text)) as Pool['query'],
  };
}
