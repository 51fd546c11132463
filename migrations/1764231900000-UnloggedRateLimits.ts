import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every public request counts one hit in rate_limit_bucket. As a logged table each hit was a WAL record and a
 * commit that waited for the disk; unlogged, the commit does not wait (only unlogged rows changed, nothing
 * to flush). What is given up: after a crash of PostgreSQL (not a clean restart) the counters start again
 * from zero, and a standby does not have them; an allowance that restarts early is harmless, unlike the
 * per-account sign-in lockout, which stays in user_account.
 */
export class UnloggedRateLimits1764231900000 implements MigrationInterface {
  name = 'UnloggedRateLimits1764231900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rate_limit_bucket SET UNLOGGED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rate_limit_bucket SET LOGGED`);
  }
}
