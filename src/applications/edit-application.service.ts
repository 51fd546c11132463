import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationsRepository, type ApplicationRecord, type DerivedColumns } from './applications.repository';
import type { ApplicationAnswers, OfficerAnswer, ShareholderAnswer } from './domain/answers';
import { isEditable } from './domain/application-state';
import { composeName, tradeNameKey } from './domain/enterprise-name';

type AnswerPatch = Partial<ApplicationAnswers>;

/** The entrepreneur fills in the application: start a draft, save each page, add and remove people. */
@Injectable()
export class EditApplicationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly audit: AuditService,
  ) {}

  start(actor: Actor): Promise<ApplicationRecord> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.applications.create(manager, actor.id!);
      await this.applications.addHistory(manager, {
        applicationId: application.id,
        action: 'create',
        fromStatus: null,
        toStatus: 'draft',
        actorId: actor.id,
        actorRole: actor.role,
      });
      await this.audit.record(manager, actor, {
        action: 'application.created',
        subjectType: 'application',
        subjectId: application.id,
        details: { reference: application.reference },
      });
      return application;
    });
  }

  /** Saves one page's answers. */
  saveSection(actor: Actor, id: string, section: string, patch: AnswerPatch): Promise<ApplicationRecord> {
    return this.update(actor, id, { section }, (answers) => ({ ...answers, ...patch }));
  }

  addShareholder(actor: Actor, id: string, shareholder: Omit<ShareholderAnswer, 'id'>): Promise<ApplicationRecord> {
    return this.update(actor, id, { section: 'shareholders', added: shareholder.name }, (answers) => ({
      ...answers,
      shareholders: [...(answers.shareholders ?? []), { ...shareholder, id: randomUUID() }],
    }));
  }

  removeShareholder(actor: Actor, id: string, shareholderId: string): Promise<ApplicationRecord> {
    return this.update(actor, id, { section: 'shareholders', removed: shareholderId }, (answers) => {
      const shareholders = answers.shareholders ?? [];
      if (!shareholders.some((s) => s.id === shareholderId)) throw new DomainError('application.item_not_found');
      return { ...answers, shareholders: shareholders.filter((s) => s.id !== shareholderId) };
    });
  }

  addOfficer(actor: Actor, id: string, officer: Omit<OfficerAnswer, 'id'>): Promise<ApplicationRecord> {
    return this.update(actor, id, { section: 'officers', added: officer.name }, (answers) => ({
      ...answers,
      officers: [...(answers.officers ?? []), { ...officer, id: randomUUID() }],
    }));
  }

  removeOfficer(actor: Actor, id: string, officerId: string): Promise<ApplicationRecord> {
    return this.update(actor, id, { section: 'officers', removed: officerId }, (answers) => {
      const officers = answers.officers ?? [];
      if (!officers.some((o) => o.id === officerId)) throw new DomainError('application.item_not_found');
      return { ...answers, officers: officers.filter((o) => o.id !== officerId) };
    });
  }

  private update(
    actor: Actor,
    id: string,
    details: Record<string, unknown>,
    change: (answers: ApplicationAnswers) => ApplicationAnswers,
  ): Promise<ApplicationRecord> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.editable(actor, id, manager);
      const answers = change(application.answers);
      // A section the reviewer commented on counts as addressed once the applicant saves it again; the
      // comment stays in the application's history.
      const section = typeof details['section'] === 'string' ? details['section'] : undefined;
      const remaining =
        application.status === 'returned' && section
          ? application.reviewComments.filter((c) => c.field !== section && !c.field.startsWith(`${section}.`))
          : undefined;
      const version = await this.applications.saveAnswers(manager, id, application.version, answers, derivedColumns(answers), remaining);
      if (version === undefined) throw new DomainError('application.changed');
      await this.audit.record(manager, actor, { action: 'application.updated', subjectType: 'application', subjectId: id, details });
      return { ...application, answers, version };
    });
  }

  private async editable(actor: Actor, id: string, manager: EntityManager): Promise<ApplicationRecord> {
    const application = await this.access.owned(actor, id, manager);
    if (!isEditable(application.status)) throw new DomainError('application.not_editable', { status: application.status });
    return application;
  }
}

export function derivedColumns(answers: ApplicationAnswers): DerivedColumns {
  return {
    entityType: answers.entityType ?? null,
    proposedName: answers.name ? composeName(answers.name) : null,
    tradeNameKey: answers.name ? tradeNameKey(answers.name) || null : null,
    industryClass: answers.industry?.classCode ?? null,
    district: answers.domicile?.district ?? null,
  };
}
