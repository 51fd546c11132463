import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { AccountsRepository } from '../auth/accounts.repository';
import { DomainError } from '../common/errors/domain-error';
import { hashToken } from './govstack-auth.guard';
import { GovstackRepository } from './govstack.repository';

/** Personal API tokens: printed once, stored only as their SHA-256 hash; the token acts as its account. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly repository: GovstackRepository,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    email: string,
    label: string | null,
  ): Promise<{ token: string; tokenId: string; accountId: string; role: string }> {
    const account = await this.accounts.findByEmail(email);
    if (!account) throw new DomainError('account.not_found');
    if (account.status !== 'active') throw new DomainError('account.already_disabled');
    const token = `gst_${randomBytes(32).toString('base64url')}`;
    const tokenId = await this.dataSource.transaction(async (manager) => {
      const id = await this.repository.insertToken(manager, account.id, hashToken(token), label);
      await this.audit.record(manager, actor, {
        action: 'api_token.created',
        subjectType: 'account',
        subjectId: account.id,
        details: { tokenId: id, label },
      });
      return id;
    });
    return { token, tokenId, accountId: account.id, role: account.role };
  }
}
