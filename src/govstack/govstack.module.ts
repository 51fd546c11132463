import { Module, type OnModuleInit } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ApplicationsModule } from '../applications/applications.module';
import { EditApplicationService } from '../applications/edit-application.service';
import { SubmitApplicationService } from '../applications/submit-application.service';
import { AuthModule } from '../auth/auth.module';
import { LicencesModule } from '../licences/licences.module';
import { ReviewModule } from '../review/review.module';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { GovstackAuthGuard } from './govstack-auth.guard';
import { GovstackRefusalInterceptor } from './govstack-refusal.interceptor';
import { GovstackCatalogueService } from './govstack-catalogue.service';
import { GovstackFilesService } from './govstack-files.service';
import { GovstackRepository } from './govstack.repository';
import { GOVSTACK_PREFIX, GOVSTACK_SETTINGS, GovstackSettingsError, isGovstackPath, loadGovstackSettings } from './govstack-settings';
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
 * under GOVSTACK_PREFIX (default /govstack/registration). Settings, read from the environment:
 *
 * - GOVSTACK_PREFIX: where the API is served (JSON errors, no CSRF, no sessions). Read once at load; start-up
 *   stops if any of the portal's other routes lies under it, as those would lose their CSRF protection.
 * - GOVSTACK_TRUSTED_GATEWAYS: comma-separated client IPs (as seen after TRUST_PROXY) of Information
 *   Mediator security servers; an Information-Mediator-Client header from any other address is refused (403).
 * - GOVSTACK_MEMBERS: JSON {"INSTANCE/CLASS/MEMBER/SUBSYSTEM": {"email": "…"} | {"accountId": "…"}}: the
 *   account (and so the role) a trusted gateway's member acts as.
 *
 * The page services this API shares (editing, submitting, claiming, deciding) are not exported by their
 * modules, so they are provided here again: the same classes, stateless, on the same repositories.
 */
const GOVSTACK_CONTROLLERS = [
  GovstackServicesController,
  GovstackApplicationsController,
  GovstackTasksController,
  GovstackStatisticsController,
  GovstackAdminController,
  GovstackOpenApiController,
];

@Module({
  imports: [ApplicationsModule, ReviewModule, LicencesModule, AuthModule, DiscoveryModule],
  // The account page's token routes are pages (sessions, CSRF), not part of the API.
  controllers: [...GOVSTACK_CONTROLLERS, ApiTokensController],
  providers: [
    { provide: GOVSTACK_SETTINGS, useFactory: () => loadGovstackSettings() },
    EditApplicationService,
    SubmitApplicationService,
    GovstackRepository,
    GovstackAuthGuard,
    GovstackRefusalInterceptor,
    GovstackCatalogueService,
    GovstackFilesService,
    GovstackTasksService,
    GovstackStatisticsService,
    ApiTokensService,
  ],
  exports: [ApiTokensService, GovstackCatalogueService],
})
export class GovstackModule implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** Requests under the prefix skip CSRF: no other controller's route may be there. */
  onModuleInit(): void {
    const ours = new Set<unknown>(GOVSTACK_CONTROLLERS);
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type || ours.has(type)) continue;
      for (const base of paths(Reflect.getMetadata(PATH_METADATA, type))) {
        for (const method of this.scanner.getAllMethodNames(type.prototype as object)) {
          const handler = (type.prototype as Record<string, unknown>)[method];
          const routes = typeof handler === 'function' ? (Reflect.getMetadata(PATH_METADATA, handler) as unknown) : undefined;
          if (routes === undefined) continue;
          for (const route of paths(routes)) {
            const full = `/${[base, route]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            if (isGovstackPath(full)) {
              throw new GovstackSettingsError(`GOVSTACK_PREFIX ${GOVSTACK_PREFIX} covers the portal's own route ${full} (${type.name})`);
            }
          }
        }
      }
    }
  }
}

function paths(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [''];
}
