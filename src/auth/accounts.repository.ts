import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SessionUser } from '../common/http/request-context';
import { UUID } from '../common/text/uuid';
import { preparedQuery } from '../database/prepared-statements';
import type { AccountStatus, Role } from './domain/role';
import { UserAccountEntity } from './user-account.entity';
import { cursorTimeSql, keysetPage, type ListCursor } from '../common/paging/list-cursor';

/** An account as the administrators' list shows it. */
export interface AccountListRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: AccountStatus;
  createdAt: Date;
  lastLoginAt: Date | null;
}

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
    // A session names an account by its id; anything else names nobody (and would be a query error).
    if (!UUID.test(id)) return undefined;
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

  /** Newest first, keyset-paged on (created_at, id) (see ListCursor). */
  async list(options: {
    role?: Role;
    q?: string;
    after?: ListCursor;
    limit: number;
  }): Promise<{ rows: AccountListRow[]; next?: ListCursor }> {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`Invalid page size ${options.limit}`);
    const values: unknown[] = [];
    const where: string[] = [];
    if (options.role) where.push(`role = $${values.push(options.role)}`);
    if (options.q) {
      const pattern = `%${options.q.replace(/[%_\\]/g, '\\$&')}%`;
      where.push(`(email ILIKE $${values.push(pattern)} OR name ILIKE $${values.length})`);
    }
    if (options.after)
      where.push(`(created_at, id) < ($${values.push(options.after.at)}::timestamptz, $${values.push(options.after.id)}::uuid)`);
    const rows = await this.dataSource.query<(AccountListRow & { cursor: string })[]>(
      `SELECT id, email, name, role, status, created_at AS "createdAt", last_login_at AS "lastLoginAt", ${cursorTimeSql('created_at')} AS cursor
         FROM user_account ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT ${options.limit + 1}`,
      values,
    );
    const page = keysetPage(rows, options.limit);
    return { rows: page.rows.map(({ cursor: _cursor, ...row }) => row), ...(page.next ? { next: page.next } : {}) };
  }
}
