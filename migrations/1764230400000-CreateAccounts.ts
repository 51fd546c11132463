import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1764230400000 implements MigrationInterface {
  name = 'CreateAccounts1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`
      CREATE TABLE user_account (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email citext NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        status text NOT NULL DEFAULT 'active',
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        locale text,
        last_login_at timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_user_account PRIMARY KEY (id),
        CONSTRAINT uq_user_account_email UNIQUE (email),
        CONSTRAINT ck_user_account_role CHECK (role IN ('applicant', 'reviewer', 'admin')),
        CONSTRAINT ck_user_account_status CHECK (status IN ('active', 'disabled')),
        CONSTRAINT ck_user_account_failed_login_count CHECK (failed_login_count >= 0)
      )`);
    // The session store's table (connect-pg-simple's layout), with jsonb so an account's sessions can be
    // found and ended when an administrator disables it.
    await q.query(`
      CREATE TABLE session (
        sid varchar NOT NULL,
        sess jsonb NOT NULL,
        expire timestamp(6) NOT NULL,
        CONSTRAINT pk_session PRIMARY KEY (sid)
      )`);
    await q.query(`CREATE INDEX ix_session_expire ON session (expire)`);
    await q.query(`CREATE INDEX ix_session_user ON session ((sess -> 'passport' ->> 'user'))`);
    // Fixed-window counters shared by every instance (login attempts per address).
    await q.query(`
      CREATE TABLE rate_limit_bucket (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        CONSTRAINT pk_rate_limit_bucket PRIMARY KEY (key, window_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_bucket`);
    await q.query(`DROP TABLE session`);
    await q.query(`DROP TABLE user_account`);
  }
}
