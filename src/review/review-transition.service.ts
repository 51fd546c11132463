import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, type Actor, type AuditEntry } from '../audit/audit.service';
import { ApplicationsRepository, type ApplicationRecord, type ReviewComment } from '../applications/applications.repository';
import { checkTransition, sourcesOf, targetOf, type ActorRole, type ApplicationAction } from '../applications/domain/application-state';
import { DomainError } from '../common/errors/domain-error';
import { formatDateTime } from '../common/views/view-engine';

export interface TransitionRequest {
  /** Only the reviewer holding the claim may act (decisions, release by a reviewer). */
  requireClaimBy?: string;
  sets?: { assignedReviewerId?: string | null; reviewComments?: ReviewComment[]; decided?: boolean };
  comment?: string;
  details?: Record<string, unknown>;
  /**
   * More changes that must happen in the same transaction (licence issuance on approval): their details
   * join the transition's audit event, and their own audit events are appended just before it.
   */
  effects?: (manager: EntityManager, moved: ApplicationRecord) => Promise<{ details: Record<string, unknown>; audit: AuditEntry[] }>;
}

const AUDIT_ACTIONS: Record<ApplicationAction, string> = {
  submit: 'application.submitted',
  resubmit: 'application.resubmitted',
  claim: 'application.claimed',
  release: 'application.released',
  reassign: 'application.reassigned',
  approve: 'application.approved',
  reject: 'application.rejected',
  return: 'application.returned',
  withdraw: 'application.withdrawn',
};

/**
 * Applies a reviewer's or administrator's action as one guarded UPDATE (status, and the claim where it
 * matters) with its history row, audit event and effects in the same transaction. When the guard finds
 * nothing to update, another request won: the loser is told what happened, never a 500, never twice.
 */
@Injectable()
export class ReviewTransitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsRepository,
    private readonly audit: AuditService,
  ) {}

  async apply(actor: Actor, id: string, action: ApplicationAction, request: TransitionRequest = {}): Promise<ApplicationRecord> {
    const current = await this.applications.findById(id);
    if (!current) throw new DomainError('application.not_found');
    const allowed = checkTransition(action, current.status, actor.role as ActorRole);
    if (!allowed.allowed && allowed.reason === 'wrong_role') throw new DomainError('auth.forbidden');
    if (!allowed.allowed) throw await this.conflict(actor, current, action);
    if (request.requireClaimBy !== undefined && current.assignedReviewerId !== request.requireClaimBy)
      throw await this.conflict(actor, current, action);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const moved = await this.applications.transition(
        manager,
        id,
        // Guard on the state we checked, so history records the state actually left.
        [current.status].filter((s) => sourcesOf(action).includes(s)),
        targetOf(action),
        request.sets ?? {},
        request.requireClaimBy !== undefined ? { assignedTo: request.requireClaimBy } : {},
      );
      if (!moved) return undefined;
      await this.applications.addHistory(manager, {
        applicationId: id,
        action,
        fromStatus: current.status,
        toStatus: moved.status,
        actorId: actor.id,
        actorRole: actor.role,
        ...(request.comment !== undefined ? { comment: request.comment } : {}),
      });
      const effects = (await request.effects?.(manager, moved)) ?? { details: {}, audit: [] };
      // Last, so the audit log's head row (which every audited change waits for) is held only from here
      // to the commit.
      await this.audit.recordAll(manager, actor, [
        ...effects.audit,
        {
          action: AUDIT_ACTIONS[action],
          subjectType: 'application',
          subjectId: id,
          details: { reference: moved.reference, from: current.status, to: moved.status, ...request.details, ...effects.details },
        },
      ]);
      return moved;
    });
    if (!outcome) throw await this.conflict(actor, (await this.applications.findById(id)) ?? current, action);
    return outcome;
  }

  /** Says why an action cannot happen, naming who got there first. */
  private async conflict(actor: Actor, application: ApplicationRecord, action: ApplicationAction): Promise<DomainError> {
    const history = await this.applications.history(application.id);
    const last = history[history.length - 1];
    const who = last?.actorName ?? '—';
    const when = last ? formatDateTime(last.occurredAt, 'en') : '';
    switch (application.status) {
      case 'approved':
      case 'rejected':
      case 'returned':
      case 'withdrawn':
        return new DomainError(`review.already_${application.status}`, { name: who, when });
      case 'in_review':
        if (application.assignedReviewerId !== actor.id && action !== 'reassign') {
          const holder = history.filter((h) => h.action === 'claim' || h.action === 'reassign').pop();
          return new DomainError('review.claimed_by_other', { name: holder?.actorName ?? who });
        }
        return new DomainError('review.wrong_state', { status: application.status });
      case 'submitted':
        return new DomainError(action === 'claim' ? 'review.wrong_state' : 'review.not_claimed', { status: application.status });
      default:
        return new DomainError('review.wrong_state', { status: application.status });
    }
  }
}
