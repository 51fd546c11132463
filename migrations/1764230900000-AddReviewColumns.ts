import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddReviewColumns1764230900000 implements MigrationInterface {
  name = 'AddReviewColumns1764230900000';

  async up(q: QueryRunner): Promise<void> {
    // Kept beside the answers so the review queue can filter by sector and district with plain indexes.
    await q.query(`ALTER TABLE application ADD COLUMN industry_class text, ADD COLUMN district text`);
    await q.query(
      `UPDATE application SET industry_class = answers -> 'industry' ->> 'classCode', district = answers -> 'domicile' ->> 'district'`,
    );
    await q.query(`CREATE INDEX ix_application_assignee ON application (assigned_reviewer_id, status, submitted_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_application_assignee`);
    await q.query(`ALTER TABLE application DROP COLUMN industry_class, DROP COLUMN district`);
  }
}
