import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Personal API tokens may expire (chosen when they are made); a token without a date never does. */
export class AddApiTokenExpiry1764231650000 implements MigrationInterface {
  name = 'AddApiTokenExpiry1764231650000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_token ADD COLUMN expires_at timestamptz`);
    await q.query(`ALTER TABLE api_token ADD CONSTRAINT ck_api_token_expiry CHECK (expires_at IS NULL OR expires_at > created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_token DROP CONSTRAINT ck_api_token_expiry`);
    await q.query(`ALTER TABLE api_token DROP COLUMN expires_at`);
  }
}
