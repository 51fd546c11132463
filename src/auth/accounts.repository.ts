import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SessionUser } from '../common/http/request-context';
import { preparedQuery } from '../database/prepared-statements';
import type { Role } from './domain/role';
import { UserAccountEntity } from './user-account.entity';

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  locale?: string | null;
}

/** The only code that reads or writes user_account and the account's sessions. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserAccountEntity | null> {
    return manager.findOneBy(UserAccountEntity, { id });
  }

  /**
   * Who is signed in, for every signed-in request: an active account's id, email, name, role and locale,
   * or undefined. One plain indexed query (no entity mapping): it runs on every page a person opens.
   */
  async findSessionUser(id: string): Promise<SessionUser | undefined> {
    const rows = await preparedQuery<SessionUser>(
      this.dataSource,
      `SELECT id, email, name, role, locale FROM user_account WHERE id = $1 AND status = 'active'`,
      [id],
    );
    return rows[0];
  }

  findByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserAccountEntity | null> {
    return manager.findOneBy(UserAccountEntity, { email });
  }

  /** Inserts unless the email is taken (case-insensitively); returns null then, without raising. */
  async insertIfAbsent(manager: EntityManager, account: NewAccount): Promise<UserAccountEntity | null> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO user_account (email, name, password_hash, role, locale)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_user_account_email DO NOTHING
       RETURNING id`,
      [account.email, account.name, account.passwordHash, account.role, account.locale ?? null],
    );
    const id = rows[0]?.id;
    return id === undefined ? null : this.findById(id, manager);
  }

  /**
   * Counts a failed attempt atomically; reaching the limit locks the account and restarts the count, so
   * parallel guesses cannot slip past the limit between a read and a write. Attempts while locked do not
   * count towards the next lock.
   */
  async recordFailedLogin(
    manager: EntityManager,
    id: string,
    maxFailures: number,
    lockMinutes: number,
  ): Promise<{ counted: boolean; lockedNow: boolean }> {
    const rows = await manager.query<[{ locked_now: boolean }[], number]>(
      `UPDATE user_account
          SET failed_login_count = CASE WHEN failed_login_count + 1 >= $2 THEN 0 ELSE failed_login_count + 1 END,
              locked_until = CASE WHEN failed_login_count + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())
        RETURNING failed_login_count = 0 AS locked_now`,
      [id, maxFailures, lockMinutes],
    );
    // No row: another attempt locked the account meanwhile; a guess against a locked account is not counted.
    const row = rows[0]?.[0];
    return { counted: row !== undefined, lockedNow: row?.locked_now ?? false };
  }

  async recordSuccessfulLogin(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE user_account SET failed_login_count = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [id]);
  }

  /** Guarded: only an active account becomes disabled, so two admins clicking at once disable it once. */
  async disable(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.query<[unknown[], number]>(
      `UPDATE user_account SET status = 'disabled', disabled_at = now(), updated_at = now() WHERE id = $1 AND status = 'active'`,
      [id],
    );
    return result[1] === 1;
  }

  async enable(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.query<[unknown[], number]>(
      `UPDATE user_account SET status = 'active', disabled_at = NULL, failed_login_count = 0, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND status = 'disabled'`,
      [id],
    );
    return result[1] === 1;
  }

  async deleteSessions(manager: EntityManager, accountId: string): Promise<number> {
    const result = await manager.query<[unknown[], number]>(`DELETE FROM session WHERE sess -> 'passport' ->> 'user' = $1`, [accountId]);
    return result[1];
  }

  async setLocale(id: string, locale: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_account SET locale = $2 WHERE id = $1`, [id, locale]);
  }

  /** Newest first, keyset-paged on (created_at, id). */
  list(options: { role?: Role; q?: string; limit: number }): Promise<UserAccountEntity[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(UserAccountEntity, 'a')
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(options.limit);
    if (options.role) query.andWhere('a.role = :role', { role: options.role });
    if (options.q) query.andWhere('(a.email ILIKE :q OR a.name ILIKE :q)', { q: `%${options.q.replace(/[%_\\]/g, '\\$&')}%` });
    return query.getMany();
  }
}
