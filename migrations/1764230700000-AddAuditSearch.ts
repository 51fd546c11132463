import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAuditSearch1764230700000 implements MigrationInterface {
  name = 'AddAuditSearch1764230700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Free-text search over what an administrator would type: the action, the subject, the IP and the
    // details (emails, reasons). A trigram index keeps ILIKE '%…%' usable at millions of rows.
    await q.query(`
      CREATE INDEX ix_audit_event_search ON audit_event
      USING gin ((action || ' ' || coalesce(subject_id, '') || ' ' || coalesce(ip, '') || ' ' || details::text) gin_trgm_ops)`);
    // The result of each integrity check, so the dashboard can show the last one without recomputing.
    await q.query(`
      CREATE TABLE audit_verification (
        id bigint GENERATED ALWAYS AS IDENTITY,
        ran_at timestamptz NOT NULL DEFAULT now(),
        intact boolean NOT NULL,
        checked bigint NOT NULL,
        head_seq bigint NOT NULL,
        first_break_seq bigint,
        first_break_kind text,
        duration_ms integer NOT NULL,
        CONSTRAINT pk_audit_verification PRIMARY KEY (id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_verification`);
    await q.query(`DROP INDEX ix_audit_event_search`);
  }
}
