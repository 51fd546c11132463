import { Injectable } from '@nestjs/common';
import type { Actor } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewTransitionService } from './review-transition.service';

/** One reviewer at a time: claim from the queue, release back to it, or an administrator reassigns. */
@Injectable()
export class ReviewClaimsService {
  constructor(
    private readonly transitions: ReviewTransitionService,
    private readonly queue: ReviewQueueRepository,
  ) {}

  claim(actor: Actor, id: string) {
    return this.transitions.apply(actor, id, 'claim', { sets: { assignedReviewerId: actor.id } });
  }

  /** A reviewer releases their own claim; an administrator may release anyone's. */
  release(actor: Actor, id: string) {
    return this.transitions.apply(actor, id, 'release', {
      sets: { assignedReviewerId: null },
      ...(actor.role === 'reviewer' ? { requireClaimBy: actor.id! } : {}),
    });
  }

  async reassign(actor: Actor, id: string, reviewerId: string) {
    const reviewers = await this.queue.reviewers();
    const reviewer = reviewers.find((r) => r.id === reviewerId);
    if (!reviewer) throw new DomainError('review.no_such_reviewer');
    return this.transitions.apply(actor, id, 'reassign', {
      sets: { assignedReviewerId: reviewerId },
      details: { to: reviewerId, toName: reviewer.name },
    });
  }
}
