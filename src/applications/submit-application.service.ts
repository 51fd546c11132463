import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationsRepository, type ApplicationRecord } from './applications.repository';
import { submissionProblems, type SubmissionProblem } from './domain/answers';
import { checkTransition } from './domain/application-state';
import { NameCheckService, type NameCheckResult } from './name-check.service';

export interface Readiness {
  problems: SubmissionProblem[];
  name: NameCheckResult | undefined;
  ready: boolean;
}

/** "Check your answers", then submit (or resubmit after a return): one guarded transition. */
@Injectable()
export class SubmitApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly names: NameCheckService,
    private readonly audit: AuditService,
  ) {}

  async readiness(application: ApplicationRecord): Promise<Readiness> {
    const documents = await this.applications.documents(application.id);
    const problems = submissionProblems(
      application.answers,
      documents.map((d) => d.kind),
    );
    const name = await this.names.checkAnswers(application.id, application.answers);
    return { problems, name, ready: problems.length === 0 && name?.available === true };
  }

  async submit(actor: Actor, id: string, declarationAccepted: boolean): Promise<ApplicationRecord> {
    if (!declarationAccepted) throw new DomainError('application.declaration_missing');
    const application = await this.access.owned(actor, id);
    const action = application.status === 'returned' ? 'resubmit' : 'submit';
    const allowed = checkTransition(action, application.status, 'applicant');
    if (!allowed.allowed) throw new DomainError('application.wrong_state', { status: application.status });
    const readiness = await this.readiness(application);
    // Losing the name to a submission that committed a moment earlier is a conflict, not a form error.
    if (readiness.problems.length === 0 && readiness.name?.takenBy !== undefined) throw new DomainError('application.name_taken');
    if (!readiness.ready) throw new DomainError('application.not_ready');
    try {
      return await this.dataSource.transaction(async (manager) => {
        // The version guard: answers changed since they were checked (another tab) means check again.
        const moved = await this.applications.transition(manager, id, [allowed.from], allowed.to, { submitted: true });
        if (!moved) throw new DomainError('application.changed');
        if (moved.version !== application.version + 1) throw new DomainError('application.changed');
        await this.applications.addHistory(manager, {
          applicationId: id,
          action,
          fromStatus: allowed.from,
          toStatus: allowed.to,
          actorId: actor.id,
          actorRole: actor.role,
        });
        await this.audit.record(manager, actor, {
          action: action === 'submit' ? 'application.submitted' : 'application.resubmitted',
          subjectType: 'application',
          subjectId: id,
          details: { reference: moved.reference, name: moved.proposedName },
        });
        return moved;
      });
    } catch (error) {
      // Two applications racing for one trade name: the unique index lets exactly one through.
      if (error instanceof QueryFailedError && (error as { constraint?: string }).constraint === 'uq_application_live_trade_name') {
        throw new DomainError('application.name_taken');
      }
      throw error;
    }
  }
}
