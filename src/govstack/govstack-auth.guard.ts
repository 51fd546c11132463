import { createHash } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService, type Actor } from '../audit/audit.service';
import { AccountsRepository } from '../auth/accounts.repository';
import type { Role } from '../auth/domain/role';
import { ROLES_KEY } from '../common/http/access.decorators';
import { DomainError } from '../common/errors/domain-error';
import { GovstackRepository } from './govstack.repository';
import { GOVSTACK_SETTINGS, type GovstackSettings } from './govstack-settings';

export const IMC_HEADER = 'information-mediator-client';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The API caller, as the services know actors. */
export function govstackActor(req: Request): Actor {
  const actor = (req as Request & { govstackActor?: Actor }).govstackActor;
  if (!actor) throw new DomainError('auth.not_signed_in');
  return actor;
}

/**
 * The API's own authentication (its routes are @Public to the session-based AccessGuard): a personal API
 * token (Authorization: Bearer), or an Information-Mediator-Client header from a trusted gateway mapped to
 * an account by GOVSTACK_MEMBERS. @Roles on a route narrows who may call it. Every refusal is audited.
 */
@Injectable()
export class GovstackAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly repository: GovstackRepository,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
    @Inject(GOVSTACK_SETTINGS) private readonly settings: GovstackSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const actor = await this.authenticate(req);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(actor.role as Role)) await this.refuse(req, actor, 'auth.forbidden', { reason: 'role', required: roles });
    (req as Request & { govstackActor?: Actor }).govstackActor = actor;
    return true;
  }

  private async authenticate(req: Request): Promise<Actor> {
    const ip = req.ip ?? null;
    const anonymous: Actor = { id: null, role: null, ip };
    const authorization = req.headers.authorization;
    const client = req.headers[IMC_HEADER];
    const imc = typeof client === 'string' ? client.trim() : undefined;
    if (authorization !== undefined) {
      const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const owner = presented ? await this.repository.tokenOwner(hashToken(presented)) : undefined;
      if (!owner) return this.refuse(req, anonymous, 'auth.not_signed_in', { reason: 'api_token' });
      // The owner is named in the audit (not as the actor: the token no longer speaks for them).
      const which = { tokenId: owner.tokenId, account: owner.accountId };
      if (owner.revoked) return this.refuse(req, anonymous, 'auth.not_signed_in', { reason: 'api_token_revoked', ...which });
      if (owner.expired) return this.refuse(req, anonymous, 'auth.not_signed_in', { reason: 'api_token_expired', ...which });
      if (owner.status !== 'active') return this.refuse(req, anonymous, 'auth.not_signed_in', { reason: 'account_disabled', ...which });
      await this.repository.touchToken(owner.tokenId);
      return { id: owner.accountId, role: owner.role, ip };
    }
    if (imc !== undefined && imc !== '') {
      if (ip === null || !this.settings.trustedGateways.has(normaliseIp(ip))) {
        return this.refuse(req, anonymous, 'auth.forbidden', { reason: 'untrusted_gateway', client: imc.slice(0, 200) });
      }
      const member = this.settings.members.get(imc);
      const account = member?.accountId
        ? await this.accounts.findById(member.accountId)
        : member?.email
          ? await this.accounts.findByEmail(member.email)
          : null;
      if (!account || account.status !== 'active') {
        return this.refuse(req, anonymous, 'auth.forbidden', { reason: 'unknown_member', client: imc.slice(0, 200) });
      }
      return { id: account.id, role: account.role, ip };
    }
    return this.refuse(req, anonymous, 'auth.not_signed_in', { reason: 'no_credentials' });
  }

  private async refuse(req: Request, actor: Actor, code: string, details: Record<string, unknown>): Promise<never> {
    await this.audit.recordAlone(actor, {
      action: 'access.denied',
      subjectType: 'route',
      subjectId: `${req.method} ${req.path}`,
      details: { api: 'govstack', ...details },
    });
    throw new DomainError(code);
  }
}

/** Express reports IPv4 clients of a dual-stack socket as ::ffff:a.b.c.d. */
function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
