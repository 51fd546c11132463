import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { EditApplicationService } from '../applications/edit-application.service';
import { SubmitApplicationService } from '../applications/submit-application.service';
import { AuthModule } from '../auth/auth.module';
import { LicencesModule } from '../licences/licences.module';
import { ReviewClaimsService } from '../review/review-claims.service';
import { ReviewDecisionsService } from '../review/review-decisions.service';
import { ReviewQueueRepository } from '../review/review-queue.repository';
import { ReviewModule } from '../review/review.module';
import { ApiTokensService } from './api-tokens.service';
import { GovstackAuthGuard } from './govstack-auth.guard';
import { GovstackRefusalInterceptor } from './govstack-refusal.interceptor';
import { GovstackCatalogueService } from './govstack-catalogue.service';
import { GovstackFilesService } from './govstack-files.service';
import { GovstackRepository } from './govstack.repository';
import { GOVSTACK_SETTINGS, loadGovstackSettings } from './govstack-settings';
import { GovstackStatisticsService } from './govstack-statistics.service';
import { GovstackTasksService } from './govstack-tasks.service';
import {
  GovstackAdminController,
  GovstackApplicationsController,
  GovstackOpenApiController,
  GovstackServicesController,
  GovstackStatisticsController,
  GovstackTasksController,
} from './govstack.controllers';

/**
 * The GovStack Registration Building Block API (and its statistics API) over the portal's own services,
 * under GOVSTACK_PREFIX (default /api/govstack/registration). Settings, read from the environment:
 *
 * - GOVSTACK_PREFIX: where the API is served; must be under /api/ (JSON errors, no CSRF). Read once at load.
 * - GOVSTACK_TRUSTED_GATEWAYS: comma-separated client IPs (as seen after TRUST_PROXY) of Information
 *   Mediator security servers; an Information-Mediator-Client header from any other address is refused (403).
 * - GOVSTACK_MEMBERS: JSON {"INSTANCE/CLASS/MEMBER/SUBSYSTEM": {"email": "…"} | {"accountId": "…"}}: the
 *   account (and so the role) a trusted gateway's member acts as.
 *
 * The page services this API shares (editing, submitting, claiming, deciding) are not exported by their
 * modules, so they are provided here again: the same classes, stateless, on the same repositories.
 */
@Module({
  imports: [ApplicationsModule, ReviewModule, LicencesModule, AuthModule],
  controllers: [
    GovstackServicesController,
    GovstackApplicationsController,
    GovstackTasksController,
    GovstackStatisticsController,
    GovstackAdminController,
    GovstackOpenApiController,
  ],
  providers: [
    { provide: GOVSTACK_SETTINGS, useFactory: () => loadGovstackSettings() },
    EditApplicationService,
    SubmitApplicationService,
    ReviewQueueRepository,
    ReviewClaimsService,
    ReviewDecisionsService,
    GovstackRepository,
    GovstackAuthGuard,
    GovstackRefusalInterceptor,
    GovstackCatalogueService,
    GovstackFilesService,
    GovstackTasksService,
    GovstackStatisticsService,
    ApiTokensService,
  ],
  exports: [ApiTokensService],
})
export class GovstackModule {}
