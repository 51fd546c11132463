import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { AccountsRepository } from '../auth/accounts.repository';
import { DomainError } from '../common/errors/domain-error';
import { hashToken } from './govstack-auth.guard';
import { GovstackRepository, type TokenRow } from './govstack.repository';

export interface CreatedToken {
  token: string;
  tokenId: string;
  accountId: string;
  role: string;
  expiresAt: Date | null;
}

/**
 * Personal API tokens: printed once, stored only as their SHA-256 hash; the token acts as its account until
 * it expires or is revoked. Made on the account page or with the CLI; revoked by their owner, by an
 * administrator, or with the CLI. Every change is audited.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly repository: GovstackRepository,
    private readonly audit: AuditService,
  ) {}

  /** A token for the account with this email (the CLI). */
  async create(actor: Actor, email: string, label: string | null, expiresAt: Date | null = null): Promise<CreatedToken> {
    const account = await this.accounts.findByEmail(email);
    if (!account) throw new DomainError('account.not_found');
    return this.createFor(actor, account.id, label, expiresAt);
  }

  /** A token for the account with this id (the account page: the signed-in person's own). */
  async createFor(actor: Actor, accountId: string, label: string | null, expiresAt: Date | null = null): Promise<CreatedToken> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw new DomainError('account.not_found');
    if (account.status !== 'active') throw new DomainError('account.already_disabled');
    if (expiresAt !== null && expiresAt.getTime() <= Date.now())
      throw new DomainError('request.invalid', {}, 'The expiry must be in the future.');
    const token = `gst_${randomBytes(32).toString('base64url')}`;
    const tokenId = await this.dataSource.transaction(async (manager) => {
      const id = await this.repository.insertToken(manager, account.id, hashToken(token), label, expiresAt);
      await this.audit.record(manager, actor, {
        action: 'api_token.created',
        subjectType: 'account',
        subjectId: account.id,
        details: { tokenId: id, label, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return id;
    });
    return { token, tokenId, accountId: account.id, role: account.role, expiresAt };
  }

  async list(accountId: string): Promise<TokenRow[]> {
    return this.repository.tokensOf(accountId);
  }

  /** The tokens of the account with this email (the CLI). */
  async listByEmail(email: string): Promise<TokenRow[]> {
    const account = await this.accounts.findByEmail(email);
    if (!account) throw new DomainError('account.not_found');
    return this.repository.tokensOf(account.id);
  }

  /**
   * Revokes a token. With `owner`, only that account's own token: anyone else's answers "not found" (as if
   * it did not exist), and the attempt is audited. Returns false when it was revoked already.
   */
  async revoke(actor: Actor, tokenId: string, owner?: string): Promise<{ revoked: boolean; token: TokenRow }> {
    const token = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tokenId)
      ? await this.repository.token(tokenId)
      : undefined;
    if (!token) throw new DomainError('not_found');
    if (owner !== undefined && token.accountId !== owner) {
      await this.audit.recordAlone(actor, {
        action: 'access.denied',
        subjectType: 'api_token',
        subjectId: token.id,
        details: { reason: 'not_owner' },
      });
      throw new DomainError('not_found');
    }
    const revoked = await this.dataSource.transaction(async (manager) => {
      const changed = await this.repository.revokeToken(manager, token.id);
      if (changed) {
        await this.audit.record(manager, actor, {
          action: 'api_token.revoked',
          subjectType: 'account',
          subjectId: token.accountId,
          details: { tokenId: token.id, label: token.label },
        });
      }
      return changed;
    });
    return { revoked, token };
  }
}
