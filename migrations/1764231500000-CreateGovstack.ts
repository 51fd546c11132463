import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The GovStack Registration BB API: its catalogue of services, and personal API tokens (kept as SHA-256 hashes). */
export class CreateGovstack1764231500000 implements MigrationInterface {
  name = 'CreateGovstack1764231500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE govstack_service (
        id uuid NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        version text NOT NULL DEFAULT '1',
        type text NOT NULL DEFAULT 'Public',
        description text NOT NULL DEFAULT '',
        entity_types text[] NOT NULL,
        is_executable boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_govstack_service PRIMARY KEY (id),
        CONSTRAINT uq_govstack_service_key UNIQUE (key),
        CONSTRAINT ck_govstack_service_type CHECK (type IN ('None', 'Private', 'Public')),
        CONSTRAINT ck_govstack_service_entity_types CHECK (cardinality(entity_types) > 0)
      )`);
    await q.query(
      `INSERT INTO govstack_service (id, key, name, version, type, description, entity_types) VALUES
       ('6f1c2a3e-0b1d-4c5e-9a7f-1b2c3d4e5f60', 'company-registration', 'Company registration (three certificates in one)', '1', 'Public',
        'Limited liability and joint stock companies: business licence, organisation code and tax registration in one unified social credit code.',
        ARRAY['limited_liability_company', 'joint_stock_company']),
       ('7a2d3b4f-1c2e-4d6f-8b80-2c3d4e5f6071', 'individual-household', 'Individual industrial and commercial household registration', '1', 'Public',
        'An individual household (个体工商户): one licence and one code for its operator.',
        ARRAY['individual_household']),
       ('8b3e4c50-2d3f-4e70-9c91-3d4e5f607182', 'farmers-cooperative', 'Farmers'' specialised cooperative registration', '1', 'Public',
        'A farmers'' specialised cooperative (农民专业合作社).',
        ARRAY['farmers_cooperative'])`,
    );
    await q.query(`
      CREATE TABLE api_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        token_hash text NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT pk_api_token PRIMARY KEY (id),
        CONSTRAINT uq_api_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_api_token_account FOREIGN KEY (account_id) REFERENCES user_account (id)
      )`);
    await q.query(`CREATE INDEX ix_api_token_account ON api_token (account_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_token`);
    await q.query(`DROP TABLE govstack_service`);
  }
}
