import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApplications1764230800000 implements MigrationInterface {
  name = 'CreateApplications1764230800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE application_reference_seq`);
    await q.query(`
      CREATE TABLE application (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        reference text NOT NULL,
        applicant_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'draft',
        version integer NOT NULL DEFAULT 1,
        entity_type text,
        proposed_name text,
        trade_name_key text,
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        review_comments jsonb NOT NULL DEFAULT '[]'::jsonb,
        assigned_reviewer_id uuid,
        submitted_at timestamptz,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_application PRIMARY KEY (id),
        CONSTRAINT uq_application_reference UNIQUE (reference),
        CONSTRAINT fk_application_applicant FOREIGN KEY (applicant_id) REFERENCES user_account (id),
        CONSTRAINT fk_application_assigned_reviewer FOREIGN KEY (assigned_reviewer_id) REFERENCES user_account (id),
        CONSTRAINT ck_application_status CHECK (status IN ('draft', 'submitted', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn'))
      )`);
    await q.query(`CREATE INDEX ix_application_applicant ON application (applicant_id, updated_at DESC)`);
    await q.query(`CREATE INDEX ix_application_queue ON application (status, submitted_at, id)`);
    // Two live applications may not propose the same trade name: the loser of a race gets a clear refusal.
    await q.query(`
      CREATE UNIQUE INDEX uq_application_live_trade_name ON application (trade_name_key)
      WHERE status IN ('submitted', 'in_review', 'returned', 'approved')`);
    await q.query(`CREATE INDEX ix_application_trade_name_trgm ON application USING gin (trade_name_key gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE application_history (
        id bigint GENERATED ALWAYS AS IDENTITY,
        application_id uuid NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id uuid,
        actor_role text,
        comment text,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_application_history PRIMARY KEY (id),
        CONSTRAINT fk_application_history_application FOREIGN KEY (application_id) REFERENCES application (id)
      )`);
    await q.query(`CREATE INDEX ix_application_history_application ON application_history (application_id, id)`);
    await q.query(`
      CREATE TABLE application_document (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        kind text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_application_document PRIMARY KEY (id),
        CONSTRAINT fk_application_document_application FOREIGN KEY (application_id) REFERENCES application (id),
        CONSTRAINT ck_application_document_kind CHECK (kind IN ('articles', 'identity', 'domicile_proof')),
        CONSTRAINT ck_application_document_type CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        CONSTRAINT ck_application_document_size CHECK (size_bytes > 0 AND size_bytes <= 5242880)
      )`);
    await q.query(`CREATE INDEX ix_application_document_application ON application_document (application_id, kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_document`);
    await q.query(`DROP TABLE application_history`);
    await q.query(`DROP TABLE application`);
    await q.query(`DROP SEQUENCE application_reference_seq`);
  }
}
