import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService } from '../../audit/audit.service';
import type { Role } from '../../auth/domain/role';
import { DomainError } from '../errors/domain-error';
import { actorOf } from './actor';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';

/** Global: every route is for signed-in users unless @Public; @Roles narrows it. Refusals are audited. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.user) throw new DomainError('auth.not_signed_in');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      await this.audit.recordAlone(actorOf(req), {
        action: 'access.denied',
        subjectType: 'route',
        subjectId: `${req.method} ${req.path}`,
        details: { required: roles },
      });
      throw new DomainError('auth.forbidden');
    }
    return true;
  }
}
