import { Injectable } from '@nestjs/common';
import type { ApplicationRecord, ReviewComment } from '../applications/applications.repository';
import { ApplicationsRepository } from '../applications/applications.repository';
import type { ApplicationStatus } from '../applications/domain/application-state';
import { SubmitApplicationService } from '../applications/submit-application.service';
import type { Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ReviewClaimsService } from '../review/review-claims.service';
import { REJECTION_REASONS, ReviewDecisionsService, type RejectionReason } from '../review/review-decisions.service';
import { eFormIdOf } from './govstack-catalogue.service';
import { UUID } from '../common/text/uuid';
import { invalidRequest } from './govstack-error.filter';
import { GovstackFilesService, parsePaging } from './govstack-files.service';
import { formDataOf, statusModel, type StatusModel } from './govstack-view';
import { GovstackRepository, type FileRow, type GovstackService } from './govstack.repository';

export interface TaskQuery {
  mainTaskId?: string;
  fileId?: string;
  assigneeId?: string;
  firstResult?: string;
  maxResult?: string;
  sortBy?: string;
  sortOrder?: string;
}

export interface TaskJson {
  taskId: string;
  mainTaskId: string;
  name: string;
  assigneeId: string | null;
  roleId: string;
  created: string | null;
  description: string;
  serviceId: string | null;
  serviceName: string | null;
  fileId: string;
  eFormId: string | null;
  status: StatusModel;
}

// A Map, not an object: a decision named 'constructor' must not find Object's constructor (and then decide
// without a reason).
const DECISIONS: ReadonlyMap<string, 'approve' | 'return' | 'reject'> = new Map([
  ['approve', 'approve'],
  ['approved', 'approve'],
  ['sendback', 'return'],
  ['return', 'return'],
  ['reject', 'reject'],
  ['rejected', 'reject'],
]);

/**
 * Work items: for reviewers, each submitted or claimed application (its id is the task's); for an
 * applicant, each of their applications sent back to them. Completing one is the page's action: claim
 * (when unclaimed) and approve, send back with field comments, or reject; or, for the applicant, resubmit.
 */
@Injectable()
export class GovstackTasksService {
  constructor(
    private readonly repository: GovstackRepository,
    private readonly applications: ApplicationsRepository,
    private readonly files: GovstackFilesService,
    private readonly claims: ReviewClaimsService,
    private readonly decisions: ReviewDecisionsService,
    private readonly submitter: SubmitApplicationService,
  ) {}

  async list(actor: Actor, query: TaskQuery): Promise<TaskJson[]> {
    const paging = parsePaging(query, 'submitted');
    if (paging.limit === 0) return [];
    const ids = [query.mainTaskId, query.fileId].filter((v): v is string => v !== undefined);
    if (ids.some((id) => !UUID.test(id))) return [];
    if (query.assigneeId !== undefined && !UUID.test(query.assigneeId)) return [];
    const rows = await this.repository.files({
      ...paging,
      ...scope(actor),
      ...(ids.length ? { ids } : {}),
      ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
    });
    const services = await this.repository.services();
    return rows.map((row) => taskJson(actor, row, serviceFor(services, row.entityType)));
  }

  async get(
    actor: Actor,
    taskId: string,
  ): Promise<TaskJson & { taskName: string; formVariables: Record<string, unknown>; data: Record<string, unknown> }> {
    const { row, application, service } = await this.task(actor, taskId);
    const task = taskJson(actor, row, service);
    return {
      ...task,
      taskName: task.name,
      formVariables: {
        reference: { data: { value: application.reference } },
        reviewComments: { data: { comments: application.reviewComments } },
      },
      data: formDataOf(application),
    };
  }

  async complete(actor: Actor, taskId: string, body: unknown) {
    const data = additionalData(body);
    const { application, service } = await this.task(actor, taskId);
    let moved: ApplicationRecord;
    const variables: Record<string, { data: Record<string, unknown> }> = {};
    if (actor.role === 'applicant') {
      if (data['declaration'] !== true) throw invalidRequest('data.declaration must be true to resubmit.');
      moved = await this.submitter.submit(actor, application.id, true);
      variables['decision'] = { data: { decision: 'resubmit' } };
    } else {
      const decision = typeof data['decision'] === 'string' ? DECISIONS.get(data['decision'].toLowerCase()) : undefined;
      if (!decision) throw invalidRequest('data.decision must be approve, sendBack or reject.');
      const comments = decision === 'return' ? reviewComments(data['comments']) : [];
      const reason = data['reason'];
      const explanation = typeof data['explanation'] === 'string' ? data['explanation'].trim() : '';
      if (decision === 'reject') {
        if (!REJECTION_REASONS.includes(reason as RejectionReason))
          throw new DomainError('review.reason_required', {}, `data.reason must be one of ${REJECTION_REASONS.join(', ')}.`);
        if (reason === 'other' && explanation === '')
          throw new DomainError('review.explanation_required', {}, 'data.explanation is required when the reason is other.');
      }
      // Checked before the claim below, so a refused text leaves the application as it was.
      this.decisions.checkTexts(decision === 'reject' ? explanation : '', comments);
      // As on the examination page: an unclaimed application is claimed by the reviewer deciding it.
      if (application.status === 'submitted') await this.claims.claim(actor, application.id);
      if (decision === 'approve') moved = await this.decisions.approve(actor, application.id);
      else if (decision === 'return') moved = await this.decisions.return(actor, application.id, comments);
      else moved = await this.decisions.reject(actor, application.id, reason as RejectionReason, explanation);
      variables['decision'] = { data: { decision: decision === 'return' ? 'sendBack' : decision } };
      if (decision === 'approve') {
        const code = await this.applications.issuedCode(application.id);
        variables['licence'] = { data: { creditCode: code ?? null } };
      }
    }
    return { taskId: application.id, fileId: application.id, serviceId: service?.id ?? null, status: statusModel(moved.status), variables };
  }

  private async task(
    actor: Actor,
    taskId: string,
  ): Promise<{ row: FileRow; application: ApplicationRecord; service: GovstackService | undefined }> {
    const row = UUID.test(taskId)
      ? (await this.repository.files({ ...scope(actor), ids: [taskId], sortColumn: 'id', descending: false, offset: 0, limit: 1 }))[0]
      : undefined;
    if (!row) throw new DomainError('not_found', {}, `No task ${taskId}`);
    const application = await this.files.readable(actor, row.id);
    return { row, application, service: serviceFor(await this.repository.services(), row.entityType) };
  }
}

function scope(actor: Actor): { statuses: ApplicationStatus[]; applicantId?: string } {
  return actor.role === 'applicant' ? { statuses: ['returned'], applicantId: actor.id! } : { statuses: ['submitted', 'in_review'] };
}

function serviceFor(services: GovstackService[], entityType: string | null): GovstackService | undefined {
  return entityType === null ? undefined : services.find((s) => s.entityTypes.includes(entityType));
}

function taskJson(actor: Actor, row: FileRow, service: GovstackService | undefined): TaskJson {
  const applicant = actor.role === 'applicant';
  return {
    taskId: row.id,
    mainTaskId: row.id,
    name: applicant
      ? `Correct application ${row.reference}`
      : row.status === 'submitted'
        ? `Claim and review ${row.reference}`
        : `Review ${row.reference}`,
    assigneeId: applicant ? row.applicantId : row.assigneeId,
    roleId: applicant ? 'applicant' : 'reviewer',
    created: row.submittedAt?.toISOString() ?? null,
    description: row.proposedName ?? row.reference,
    serviceId: service?.id ?? null,
    serviceName: service?.name ?? null,
    fileId: row.id,
    eFormId: service ? eFormIdOf(service) : null,
    status: statusModel(row.status),
  };
}

function additionalData(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidRequest('The body must be an additionalData object.');
  const data = (body as Record<string, unknown>)['data'];
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidRequest('data must be an object.');
  return data as Record<string, unknown>;
}

/** Field comments as {"section": "comment"} or [{"field", "comment"}]; the review service checks the sections. */
function reviewComments(input: unknown): ReviewComment[] {
  if (Array.isArray(input)) {
    return input.map((c: unknown) => {
      const v = (c ?? {}) as Record<string, unknown>;
      if (typeof v['field'] !== 'string' || typeof v['comment'] !== 'string')
        throw invalidRequest('data.comments[]: {"field", "comment"}.');
      return { field: v['field'], comment: v['comment'] };
    });
  }
  if (input !== null && typeof input === 'object') {
    return Object.entries(input as Record<string, unknown>).map(([field, comment]) => {
      if (typeof comment !== 'string') throw invalidRequest(`data.comments.${field} must be a string.`);
      return { field, comment };
    });
  }
  throw invalidRequest('data.comments is required to send back: {"section": "what to fix"}.');
}
