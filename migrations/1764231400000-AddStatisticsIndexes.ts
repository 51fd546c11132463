import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStatisticsIndexes1764231400000 implements MigrationInterface {
  name = 'AddStatisticsIndexes1764231400000';

  async up(q: QueryRunner): Promise<void> {
    // Decision times over a rolling year read only that year's decisions.
    await q.query(
      `CREATE INDEX ix_application_decided ON application (decided_at) INCLUDE (submitted_at) WHERE status IN ('approved', 'rejected')`,
    );
    // The directory's usual filters (sector, size) walk one index in date order.
    await q.query(
      `CREATE INDEX ix_enterprise_directory_sector ON enterprise (sector, size_class, established_on DESC, id DESC) WHERE is_enterprise AND small_or_micro AND status = 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_enterprise_directory_sector`);
    await q.query(`DROP INDEX ix_application_decided`);
  }
}
