import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCreditCodeLedger1764230600000 implements MigrationInterface {
  name = 'CreateCreditCodeLedger1764230600000';

  async up(q: QueryRunner): Promise<void> {
    // One row per body-identifier prefix: the next sequence number to hand out. Incremented inside the
    // issuing transaction, so a rolled-back issuance gives its number back and committed codes are gapless.
    await q.query(`
      CREATE TABLE credit_code_counter (
        prefix char(2) NOT NULL,
        next_sequence bigint NOT NULL,
        CONSTRAINT pk_credit_code_counter PRIMARY KEY (prefix),
        CONSTRAINT ck_credit_code_counter_next_sequence CHECK (next_sequence >= 0)
      )`);
    // Every code this authority has issued, for life: a code is never reused, so rows are never deleted.
    await q.query(`
      CREATE TABLE issued_credit_code (
        code char(18) NOT NULL,
        prefix char(2) NOT NULL,
        sequence bigint NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_issued_credit_code PRIMARY KEY (code),
        CONSTRAINT uq_issued_credit_code_sequence UNIQUE (prefix, sequence),
        CONSTRAINT uq_issued_credit_code_subject UNIQUE (subject_type, subject_id)
      )`);
    await q.query(`
      CREATE FUNCTION issued_credit_code_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'issued credit codes are permanent: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_issued_credit_code_permanent BEFORE UPDATE OR DELETE ON issued_credit_code
      FOR EACH ROW EXECUTE FUNCTION issued_credit_code_permanent()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issued_credit_code`);
    await q.query(`DROP FUNCTION issued_credit_code_permanent()`);
    await q.query(`DROP TABLE credit_code_counter`);
  }
}
