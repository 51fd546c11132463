import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRegister1764231000000 implements MigrationInterface {
  name = 'CreateRegister1764231000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enterprise (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        credit_code char(18) NOT NULL,
        name text NOT NULL,
        trade_name_key text NOT NULL,
        entity_type text NOT NULL,
        legal_representative text NOT NULL,
        registered_capital_fen numeric(20, 0),
        district text NOT NULL,
        domicile text NOT NULL,
        industry_class text NOT NULL,
        business_scope text NOT NULL,
        employees integer NOT NULL,
        revenue_fen numeric(20, 0) NOT NULL,
        assets_fen numeric(20, 0) NOT NULL,
        established_on date NOT NULL,
        status text NOT NULL DEFAULT 'active',
        registered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_enterprise PRIMARY KEY (id),
        CONSTRAINT uq_enterprise_application UNIQUE (application_id),
        CONSTRAINT uq_enterprise_credit_code UNIQUE (credit_code),
        CONSTRAINT fk_enterprise_application FOREIGN KEY (application_id) REFERENCES application (id),
        CONSTRAINT fk_enterprise_credit_code FOREIGN KEY (credit_code) REFERENCES issued_credit_code (code),
        CONSTRAINT ck_enterprise_status CHECK (status IN ('active', 'deregistered', 'revoked')),
        CONSTRAINT ck_enterprise_employees CHECK (employees >= 0)
      )`);
    await q.query(`CREATE INDEX ix_enterprise_name_trgm ON enterprise USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_enterprise_trade_name ON enterprise (trade_name_key)`);
    await q.query(`CREATE INDEX ix_enterprise_established ON enterprise (established_on)`);
    await q.query(`
      CREATE TABLE licence (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        enterprise_id uuid NOT NULL,
        application_id uuid NOT NULL,
        version integer NOT NULL,
        status text NOT NULL DEFAULT 'valid',
        data jsonb NOT NULL,
        signature text NOT NULL,
        key_id text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_licence PRIMARY KEY (id),
        CONSTRAINT uq_licence_application_version UNIQUE (application_id, version),
        CONSTRAINT uq_licence_enterprise_version UNIQUE (enterprise_id, version),
        CONSTRAINT fk_licence_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
        CONSTRAINT fk_licence_application FOREIGN KEY (application_id) REFERENCES application (id),
        CONSTRAINT ck_licence_status CHECK (status IN ('valid', 'superseded', 'revoked'))
      )`);
    // The departments that receive each registration (三证合一/五证合一) and what each has fetched.
    await q.query(`
      CREATE TABLE exchange_department (
        key text NOT NULL,
        name_en text NOT NULL,
        name_zh text NOT NULL,
        token_hash char(64),
        token_created_at timestamptz,
        acknowledged_id bigint NOT NULL DEFAULT 0,
        fetched_id bigint NOT NULL DEFAULT 0,
        last_fetch_at timestamptz,
        CONSTRAINT pk_exchange_department PRIMARY KEY (key)
      )`);
    await q.query(`
      INSERT INTO exchange_department (key, name_en, name_zh) VALUES
        ('tax', 'Tax bureau', '税务部门'),
        ('social_insurance', 'Social insurance agency', '社会保险经办机构'),
        ('statistics', 'Statistics bureau', '统计部门'),
        ('quality_supervision', 'Quality and technical supervision (organisation codes)', '质量技术监督部门（组织机构代码）')`);
    await q.query(`
      CREATE TABLE outbox_event (
        id bigint GENERATED ALWAYS AS IDENTITY,
        department text NOT NULL,
        event_type text NOT NULL,
        enterprise_id uuid NOT NULL,
        credit_code char(18) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_outbox_event PRIMARY KEY (id),
        CONSTRAINT fk_outbox_event_department FOREIGN KEY (department) REFERENCES exchange_department (key),
        CONSTRAINT fk_outbox_event_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
        CONSTRAINT uq_outbox_event_once UNIQUE (department, event_type, enterprise_id)
      )`);
    await q.query(`CREATE INDEX ix_outbox_event_department ON outbox_event (department, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox_event`);
    await q.query(`DROP TABLE exchange_department`);
    await q.query(`DROP TABLE licence`);
    await q.query(`DROP TABLE enterprise`);
  }
}
