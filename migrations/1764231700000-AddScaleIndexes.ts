import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that the load test at a million enterprises (bench/load.ts) showed missing.
 *
 * - The review queue lists open applications (submitted or in review) oldest first. The index on
 *   (status, submitted_at, id) orders each status on its own, so for both statuses PostgreSQL sorted every
 *   open application on each page view; this partial index walks them in queue order and stops at a page.
 * - The public register search matches part of a name. The cluster is initialised without a locale, where
 *   pg_trgm sees Chinese characters as separators: names yield no trigrams and a `name ILIKE '%…%'` search
 *   read the whole index and rechecked every enterprise. Two-character pieces of the name, in a GIN index,
 *   find the candidates for any query of two or more characters in any script; ILIKE still decides.
 */
export class AddScaleIndexes1764231700000 implements MigrationInterface {
  name = 'AddScaleIndexes1764231700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_application_open_queue ON application (submitted_at, id) WHERE status IN ('submitted', 'in_review')`);
    await q.query(
      `CREATE FUNCTION name_bigrams(text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
         SELECT coalesce(array_agg(DISTINCT substr(lower($1), i, 2)), '{}') FROM generate_series(1, char_length($1) - 1) AS i
       $$`,
    );
    await q.query(`CREATE INDEX ix_enterprise_name_bigrams ON enterprise USING gin (name_bigrams(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_enterprise_name_bigrams`);
    await q.query(`DROP FUNCTION name_bigrams(text)`);
    await q.query(`DROP INDEX ix_application_open_queue`);
  }
}
