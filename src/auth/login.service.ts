import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor, type AuditEntry } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccountsRepository } from './accounts.repository';
import { PasswordHasher } from './password-hasher';
import type { UserAccountEntity } from './user-account.entity';

export type LoginOutcome = { ok: true; account: UserAccountEntity } | { ok: false };

/**
 * Checks credentials with a per-account lockout. Every failure looks the same to the caller (unknown
 * address, wrong password, locked, disabled), so the form cannot be used to probe for accounts; the
 * reason goes to the audit log only.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(actor: Actor, email: string, password: string): Promise<LoginOutcome> {
    const account = await this.accounts.findByEmail(email);
    if (!account) {
      await this.hasher.verifyAgainstNothing(password);
      await this.fail(actor, null, email, 'unknown_email');
      return { ok: false };
    }
    const passwordMatches = await this.hasher.verify(account.passwordHash, password);
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      await this.fail(actor, account, email, 'locked');
      return { ok: false };
    }
    if (account.status !== 'active') {
      await this.fail(actor, account, email, 'disabled');
      return { ok: false };
    }
    if (!passwordMatches) {
      await this.dataSource.transaction(async (manager) => {
        const { counted, lockedNow } = await this.accounts.recordFailedLogin(
          manager,
          account.id,
          this.config.login.maxFailures,
          this.config.login.lockMinutes,
        );
        await this.audit.record(manager, actor, failedEvent(account, email, counted ? 'wrong_password' : 'locked'));
        if (lockedNow) {
          await this.audit.record(manager, actor, {
            action: 'account.locked',
            subjectType: 'account',
            subjectId: account.id,
            details: { minutes: this.config.login.lockMinutes, after: this.config.login.maxFailures },
          });
        }
      });
      return { ok: false };
    }
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.recordSuccessfulLogin(manager, account.id);
      await this.audit.record(
        manager,
        { ...actor, id: account.id, role: account.role },
        {
          action: 'account.login',
          subjectType: 'account',
          subjectId: account.id,
        },
      );
    });
    return { ok: true, account };
  }

  private async fail(actor: Actor, account: UserAccountEntity | null, email: string, reason: string): Promise<void> {
    await this.audit.recordAlone(actor, failedEvent(account, email, reason));
  }
}

function failedEvent(account: UserAccountEntity | null, email: string, reason: string): AuditEntry {
  return {
    action: 'account.login_failed',
    subjectType: 'account',
    subjectId: account?.id ?? null,
    details: { email, reason },
  };
}
