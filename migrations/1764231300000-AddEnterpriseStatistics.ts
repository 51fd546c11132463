import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddEnterpriseStatistics1764231300000 implements MigrationInterface {
  name = 'AddEnterpriseStatistics1764231300000';

  async up(q: QueryRunner): Promise<void> {
    // The classification is stored (not computed per query) and recomputed when the figures change.
    await q.query(`
      ALTER TABLE enterprise
        ADD COLUMN sector text,
        ADD COLUMN size_class text,
        ADD COLUMN is_enterprise boolean NOT NULL DEFAULT true,
        ADD COLUMN small_or_micro boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT ck_enterprise_size_class CHECK (size_class IS NULL OR size_class IN ('large', 'medium', 'small', 'micro'))`);
    await q.query(`CREATE INDEX ix_enterprise_directory ON enterprise (small_or_micro, established_on DESC, id) WHERE is_enterprise`);
    // Counts per day of establishment, sector and kind, kept by a trigger in the same transaction as the
    // enterprise row: the dashboard reads a few thousand rows whatever the size of the register.
    await q.query(`
      CREATE TABLE enterprise_daily_count (
        day date NOT NULL,
        sector text NOT NULL,
        is_enterprise boolean NOT NULL,
        small_or_micro boolean NOT NULL,
        count integer NOT NULL,
        CONSTRAINT pk_enterprise_daily_count PRIMARY KEY (day, sector, is_enterprise, small_or_micro),
        CONSTRAINT ck_enterprise_daily_count_count CHECK (count >= 0)
      )`);
    await q.query(`
      CREATE FUNCTION enterprise_daily_count_apply(d date, s text, e boolean, sm boolean, delta integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO enterprise_daily_count AS c (day, sector, is_enterprise, small_or_micro, count) VALUES (d, s, e, sm, delta)
        ON CONFLICT (day, sector, is_enterprise, small_or_micro) DO UPDATE SET count = c.count + delta
      $$`);
    await q.query(`
      CREATE FUNCTION enterprise_daily_count_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'active' THEN
          PERFORM enterprise_daily_count_apply(OLD.established_on, coalesce(OLD.sector, 'unknown'), OLD.is_enterprise, OLD.small_or_micro, -1);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'active' THEN
          PERFORM enterprise_daily_count_apply(NEW.established_on, coalesce(NEW.sector, 'unknown'), NEW.is_enterprise, NEW.small_or_micro, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_enterprise_daily_count AFTER INSERT OR UPDATE OF established_on, sector, is_enterprise, small_or_micro, status OR DELETE ON enterprise
      FOR EACH ROW EXECUTE FUNCTION enterprise_daily_count_track()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_enterprise_daily_count ON enterprise`);
    await q.query(`DROP FUNCTION enterprise_daily_count_track()`);
    await q.query(`DROP FUNCTION enterprise_daily_count_apply(date, text, boolean, boolean, integer)`);
    await q.query(`DROP TABLE enterprise_daily_count`);
    await q.query(`DROP INDEX ix_enterprise_directory`);
    await q.query(
      `ALTER TABLE enterprise DROP CONSTRAINT ck_enterprise_size_class, DROP COLUMN small_or_micro, DROP COLUMN is_enterprise, DROP COLUMN size_class, DROP COLUMN sector`,
    );
  }
}
