import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { LicencesModule } from '../licences/licences.module';
import { ApproveApplicationsService } from './approve-applications.service';
import { ReviewClaimsService } from './review-claims.service';
import { ReviewController } from './review.controller';
import { ReviewDecisionsService } from './review-decisions.service';
import { ReviewQueueRepository } from './review-queue.repository';
import { ReviewTransitionService } from './review-transition.service';

@Module({
  imports: [ApplicationsModule, LicencesModule],
  controllers: [ReviewController],
  providers: [ReviewQueueRepository, ReviewTransitionService, ReviewClaimsService, ReviewDecisionsService, ApproveApplicationsService],
  // One instance of each per process: approvals from the pages and the GovStack API share one batcher.
  exports: [ReviewTransitionService, ReviewQueueRepository, ReviewClaimsService, ReviewDecisionsService],
})
export class ReviewModule {}
