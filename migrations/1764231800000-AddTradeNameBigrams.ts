import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Similar names in use" on the name page and at submission looked for look-alike trade names with pg_trgm
 * (`%`) or containment (`strpos`). Under the cluster's C locale pg_trgm sees no trigrams in Chinese, so only
 * the containment tests ever matched, and they read every live application: a whole-table scan per check,
 * seconds at a million applications (bench/load.ts). Look-alikes (a Dice coefficient over two-character
 * pieces, src/applications/domain/enterprise-name.ts) always share a two-character piece, so a GIN index of
 * the pieces (name_bigrams, from AddScaleIndexes) over live applications finds every candidate; the
 * trigram index, which never matched Chinese, goes.
 */
export class AddTradeNameBigrams1764231800000 implements MigrationInterface {
  name = 'AddTradeNameBigrams1764231800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_application_live_trade_name_bigrams ON application USING gin (name_bigrams(trade_name_key))
        WHERE status IN ('submitted', 'in_review', 'returned', 'approved') AND trade_name_key IS NOT NULL`,
    );
    await q.query(`DROP INDEX ix_application_trade_name_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_application_trade_name_trgm ON application USING gin (trade_name_key gin_trgm_ops)`);
    await q.query(`DROP INDEX ix_application_live_trade_name_bigrams`);
  }
}
