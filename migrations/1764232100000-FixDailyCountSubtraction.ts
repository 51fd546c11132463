import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * enterprise_daily_count_apply subtracted by inserting a row with count -1 ON CONFLICT DO UPDATE, but
 * PostgreSQL checks ck_enterprise_daily_count_count (count >= 0) on the proposed row before it looks for the
 * conflict: every subtraction failed, so no counted enterprise could be revoked, deregistered, reclassified,
 * moved to another day or sector, or deleted. A negative delta now updates the existing row in place (and
 * says so when there is no row to take it from: the counts no longer match the register); a positive delta
 * still inserts or adds. The trigger and enterprise_daily_count_track, which decide the deltas, are unchanged.
 */
export class FixDailyCountSubtraction1764232100000 implements MigrationInterface {
  name = 'FixDailyCountSubtraction1764232100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION enterprise_daily_count_apply(d date, s text, e boolean, sm boolean, delta integer) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF delta < 0 THEN
          UPDATE enterprise_daily_count SET count = count + delta
           WHERE day = d AND sector = s AND is_enterprise = e AND small_or_micro = sm;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'enterprise_daily_count has no row for (%, %, %, %) to subtract % from', d, s, e, sm, -delta
              USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_enterprise_daily_count_count';
          END IF;
        ELSIF delta > 0 THEN
          INSERT INTO enterprise_daily_count AS c (day, sector, is_enterprise, small_or_micro, count) VALUES (d, s, e, sm, delta)
          ON CONFLICT (day, sector, is_enterprise, small_or_micro) DO UPDATE SET count = c.count + delta;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The function of AddEnterpriseStatistics1764231300000, as it was.
    await q.query(`
      CREATE OR REPLACE FUNCTION enterprise_daily_count_apply(d date, s text, e boolean, sm boolean, delta integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO enterprise_daily_count AS c (day, sector, is_enterprise, small_or_micro, count) VALUES (d, s, e, sm, delta)
        ON CONFLICT (day, sector, is_enterprise, small_or_micro) DO UPDATE SET count = c.count + delta
      $$`);
  }
}
