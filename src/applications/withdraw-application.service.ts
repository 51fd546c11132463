import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationsRepository } from './applications.repository';
import { checkTransition } from './domain/application-state';

/** The applicant withdraws an application that has not been decided. */
@Injectable()
export class WithdrawApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly audit: AuditService,
  ) {}

  async withdraw(actor: Actor, id: string): Promise<void> {
    const application = await this.access.owned(actor, id);
    const allowed = checkTransition('withdraw', application.status, 'applicant');
    if (!allowed.allowed) throw new DomainError('application.wrong_state', { status: application.status });
    await this.dataSource.transaction(async (manager) => {
      // Guarded on the state we read, so the history's "from" is the state that was actually left.
      const moved = await this.applications.transition(manager, id, [allowed.from], allowed.to, { decided: true });
      if (!moved) throw new DomainError('application.changed');
      await this.applications.addHistory(manager, {
        applicationId: id,
        action: 'withdraw',
        fromStatus: allowed.from,
        toStatus: allowed.to,
        actorId: actor.id,
        actorRole: actor.role,
      });
      await this.audit.record(manager, actor, {
        action: 'application.withdrawn',
        subjectType: 'application',
        subjectId: id,
        details: { from: application.status },
      });
    });
  }
}
