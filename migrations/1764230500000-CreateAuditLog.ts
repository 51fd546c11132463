import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditLog1764230500000 implements MigrationInterface {
  name = 'CreateAuditLog1764230500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        seq bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        actor_role text,
        action text NOT NULL,
        subject_type text,
        subject_id text,
        ip text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT pk_audit_event PRIMARY KEY (seq),
        CONSTRAINT uq_audit_event_hash UNIQUE (hash)
      )`);
    // Filters on actor, subject and action, newest first (keyset pagination on seq).
    await q.query(`CREATE INDEX ix_audit_event_actor ON audit_event (actor_id, seq DESC)`);
    await q.query(`CREATE INDEX ix_audit_event_subject ON audit_event (subject_type, subject_id, seq DESC)`);
    await q.query(`CREATE INDEX ix_audit_event_action ON audit_event (action, seq DESC)`);
    await q.query(`CREATE INDEX ix_audit_event_occurred_at ON audit_event (occurred_at)`);
    // One row: the last event's number and hash. Locking it serialises writers, which is what makes the
    // numbering gapless and each event's prev_hash the true predecessor.
    await q.query(`
      CREATE TABLE audit_chain_head (
        id smallint NOT NULL DEFAULT 1,
        seq bigint NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT pk_audit_chain_head PRIMARY KEY (id),
        CONSTRAINT ck_audit_chain_head_single CHECK (id = 1)
      )`);
    await q.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
