import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/audit.service';
import type { ReviewComment } from '../applications/applications.repository';
import { sectionsFor, type SectionKey } from '../applications/domain/answers';
import { DomainError } from '../common/errors/domain-error';
import { containsUnsafeCharacters } from '../common/text/unsafe-characters';
import { ApplicationsRepository } from '../applications/applications.repository';
import { ApproveApplicationsService } from './approve-applications.service';
import { ReviewTransitionService } from './review-transition.service';

export const REJECTION_REASONS = [
  'name_not_permitted',
  'outside_jurisdiction',
  'scope_not_permitted',
  'false_information',
  'documents_insufficient',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The longest explanation of a rejection and the longest comment on a section, in characters. */
export const MAX_EXPLANATION_LENGTH = 2000;
export const MAX_COMMENT_LENGTH = 1000;

/** A reviewer's decision on an application they hold: approve, return with field comments, or reject. */
@Injectable()
export class ReviewDecisionsService {
  constructor(
    private readonly transitions: ReviewTransitionService,
    private readonly applications: ApplicationsRepository,
    private readonly approvals: ApproveApplicationsService,
  ) {}

  /** The approval and the licence are one transaction: both happen, or neither. */
  approve(actor: Actor, id: string) {
    return this.approvals.approve(actor, id);
  }

  /**
   * Refuses what no decision may store: control characters, an explanation or a comment over its length.
   * Callers that change something else first (the GovStack API claims before deciding) check here before.
   */
  checkTexts(explanation: string, comments: readonly ReviewComment[]): void {
    if (containsUnsafeCharacters(explanation) || comments.some((c) => containsUnsafeCharacters(c.comment)))
      throw new DomainError('review.unsafe_characters');
    if (explanation.length > MAX_EXPLANATION_LENGTH) throw new DomainError('review.explanation_too_long', { max: MAX_EXPLANATION_LENGTH });
    if (comments.some((c) => c.comment.length > MAX_COMMENT_LENGTH))
      throw new DomainError('review.comment_too_long', { max: MAX_COMMENT_LENGTH });
  }

  reject(actor: Actor, id: string, reason: RejectionReason, explanation: string) {
    this.checkTexts(explanation, []);
    return this.transitions.apply(actor, id, 'reject', {
      requireClaimBy: actor.id!,
      sets: { decided: true },
      comment: explanation,
      details: { reason, explanation },
    });
  }

  /** At least one comment, each on a section the application has; the applicant sees them by those fields. */
  async return(actor: Actor, id: string, comments: ReviewComment[]) {
    const application = await this.applications.findById(id);
    if (!application) throw new DomainError('application.not_found');
    const sections = sectionsFor(application.answers.entityType) as string[];
    const valid = comments.filter((c) => c.comment.trim() !== '' && sections.includes(c.field as SectionKey));
    if (valid.length === 0) throw new DomainError('review.comment_required');
    this.checkTexts('', valid);
    return this.transitions.apply(actor, id, 'return', {
      requireClaimBy: actor.id!,
      sets: { reviewComments: valid, assignedReviewerId: null },
      comment: valid.map((c) => `${c.field}: ${c.comment}`).join('\n'),
      details: { comments: valid },
    });
  }
}
