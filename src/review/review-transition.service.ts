import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, type Actor, type AuditEntry } from '../audit/audit.service';
import type { AuditAction } from '../audit/domain/audit-actions';
import { ApplicationsRepository, type ApplicationRecord, type ReviewComment } from '../applications/applications.repository';
import {
  checkTransition,
  sourcesOf,
  targetOf,
  type ActorRole,
  type ApplicationAction,
  type ApplicationStatus,
} from '../applications/domain/application-state';
import { DomainError } from '../common/errors/domain-error';
import { formatDateTime } from '../common/views/view-engine';

export interface TransitionRequest {
  /** Only the reviewer holding the claim may act (decisions, release by a reviewer). */
  requireClaimBy?: string;
  sets?: { assignedReviewerId?: string | null; reviewComments?: ReviewComment[]; decided?: boolean };
  comment?: string;
  details?: Record<string, unknown>;
}

/** The audit action each workflow transition records (one of AUDIT_ACTIONS). */
const AUDIT_ACTION_OF_TRANSITION: Record<ApplicationAction, AuditAction> = {
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

/** The audit event of a transition; `details` adds to what every transition records. */
export function auditEntryOf(
  action: ApplicationAction,
  from: ApplicationStatus,
  moved: ApplicationRecord,
  details: Record<string, unknown> = {},
): AuditEntry {
  return {
    action: AUDIT_ACTION_OF_TRANSITION[action],
    subjectType: 'application',
    subjectId: moved.id,
    details: { reference: moved.reference, from, to: moved.status, ...details },
  };
}

/**
 * Applies a reviewer's or administrator's action as one guarded UPDATE (status, and the claim where it
 * matters) with its history row and audit event in the same transaction (approvals, which also issue a
 * licence, go through ApproveApplicationsService). When the guard finds
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
    const current = await this.check(actor, id, action, request.requireClaimBy);
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
      // Last, so the audit log's head row (which every audited change waits for) is held only from here
      // to the commit.
      await this.audit.record(manager, actor, auditEntryOf(action, current.status, moved, request.details));
      return moved;
    });
    if (!outcome) throw await this.conflict(actor, (await this.applications.findById(id)) ?? current, action);
    return outcome;
  }

  /**
   * The application as it is now, if the action is possible on it for this actor (and, where asked, with
   * the claim held by that reviewer); otherwise the error to answer with.
   */
  async check(actor: Actor, id: string, action: ApplicationAction, requireClaimBy?: string): Promise<ApplicationRecord> {
    const current = await this.applications.findById(id);
    if (!current) throw new DomainError('application.not_found');
    const allowed = checkTransition(action, current.status, actor.role as ActorRole);
    if (!allowed.allowed && allowed.reason === 'wrong_role') throw new DomainError('auth.forbidden');
    if (!allowed.allowed) throw await this.conflict(actor, current, action);
    if (requireClaimBy !== undefined && current.assignedReviewerId !== requireClaimBy) throw await this.conflict(actor, current, action);
    return current;
  }

  /** Says why an action cannot happen, naming who got there first. */
  async conflict(actor: Actor, application: ApplicationRecord, action: ApplicationAction): Promise<DomainError> {
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
