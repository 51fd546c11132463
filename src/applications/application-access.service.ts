import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApplicationsRepository, type ApplicationRecord } from './applications.repository';

/**
 * Who may see an application: its applicant, and staff once it has been submitted. Someone else's application answers "not found"
 * (not "forbidden"), so references cannot be probed; the attempt is audited.
 */
@Injectable()
export class ApplicationAccessService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly audit: AuditService,
  ) {}

  async readable(actor: Actor, id: string, manager?: EntityManager): Promise<ApplicationRecord> {
    const application = await this.applications.findById(id, manager);
    if (!application) throw new DomainError('application.not_found');
    // Staff see an application from its first submission on: until then it is the applicant's private
    // draft (a draft withdrawn before it was ever submitted stays private too).
    if (actor.role === 'reviewer' || actor.role === 'admin') {
      if (application.submittedAt === null) throw new DomainError('application.not_found');
      return application;
    }
    if (application.applicantId !== actor.id) {
      await this.audit.recordAlone(actor, {
        action: 'access.denied',
        subjectType: 'application',
        subjectId: id,
        details: { reason: 'not_owner' },
      });
      throw new DomainError('application.not_found');
    }
    return application;
  }

  /** The applicant's own application, for changing it. */
  async owned(actor: Actor, id: string, manager?: EntityManager): Promise<ApplicationRecord> {
    const application = await this.readable(actor, id, manager);
    if (application.applicantId !== actor.id) throw new DomainError('auth.forbidden');
    return application;
  }
}
