import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { AccountsRepository } from './accounts.repository';
import { commonPasswords } from './common-passwords';
import { checkPassword } from './domain/password-policy';
import type { Role } from './domain/role';
import { PasswordHasher } from './password-hasher';
import type { UserAccountEntity } from './user-account.entity';

export interface CreateAccountInput {
  email: string;
  name: string;
  password: string;
  role: Role;
  locale?: string | null;
}

/** An administrator (page or CLI) creates an account of any role. */
@Injectable()
export class CreateAccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: CreateAccountInput): Promise<UserAccountEntity> {
    const problem = checkPassword(input.password, { email: input.email, commonPasswords: commonPasswords() });
    if (problem) throw new DomainError('account.weak_password', { problem });
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.insertIfAbsent(manager, { ...input, passwordHash });
      if (!account) throw new DomainError('account.email_taken');
      await this.audit.record(manager, actor, {
        action: 'account.created',
        subjectType: 'account',
        subjectId: account.id,
        details: { email: account.email, role: account.role, by: actor.role ?? 'cli' },
      });
      return account;
    });
  }
}
