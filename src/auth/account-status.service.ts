import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AccountsRepository } from './accounts.repository';

/** An administrator disables an account (ending all its sessions at once) or enables it again. */
@Injectable()
export class AccountStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  async disable(actor: Actor, accountId: string): Promise<void> {
    if (actor.id === accountId) throw new DomainError('account.cannot_disable_self');
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.accounts.findById(accountId, manager))) throw new DomainError('account.not_found');
      if (!(await this.accounts.disable(manager, accountId))) throw new DomainError('account.already_disabled');
      const sessionsEnded = await this.accounts.deleteSessions(manager, accountId);
      await this.audit.record(manager, actor, {
        action: 'account.disabled',
        subjectType: 'account',
        subjectId: accountId,
        details: { sessionsEnded },
      });
    });
  }

  async enable(actor: Actor, accountId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.accounts.findById(accountId, manager))) throw new DomainError('account.not_found');
      if (!(await this.accounts.enable(manager, accountId))) throw new DomainError('account.already_active');
      await this.audit.record(manager, actor, { action: 'account.enabled', subjectType: 'account', subjectId: accountId });
    });
  }
}
