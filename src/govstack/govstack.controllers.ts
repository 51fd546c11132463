import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ApplicationDocumentsService } from '../applications/application-documents.service';
import { MAX_DOCUMENT_BYTES } from '../applications/domain/document-content';
import { Public, Roles } from '../common/http/access.decorators';
import { PROJECT_ROOT } from '../common/project-root';
import { GovstackAuthGuard, govstackActor } from './govstack-auth.guard';
import { GovstackRefusalInterceptor } from './govstack-refusal.interceptor';
import { GovstackCatalogueService, serviceJson } from './govstack-catalogue.service';
import { UUID } from '../common/text/uuid';
import { GovstackErrorFilter, invalidRequest } from './govstack-error.filter';
import { BOOLEAN_FIELDS, requestBody } from './form-body';
import { GovstackFilesService, type ListQuery } from './govstack-files.service';
import { GOVSTACK_PREFIX } from './govstack-settings';
import { GovstackStatisticsService, type StatisticsQuery } from './govstack-statistics.service';
import { GovstackTasksService, type TaskQuery } from './govstack-tasks.service';
import { DomainError } from '../common/errors/domain-error';
import { boundedMemoryStorage, UPLOAD_HARD_LIMIT_BYTES } from '../common/http/bounded-memory-storage';
import { OmitNullsInterceptor } from './omit-nulls.interceptor';

/** Query parameters as single strings: a repeated parameter is malformed. */
function strings<T extends object>(query: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw invalidRequest(`Query parameter ${key} must be given once.`);
  }
  return query as T;
}

/** Available services and their e-forms (GovStack Registration BB: "Available Services"). */
@Public()
@UseGuards(GovstackAuthGuard)
@UseInterceptors(GovstackRefusalInterceptor, OmitNullsInterceptor)
@UseFilters(GovstackErrorFilter)
@Controller(GOVSTACK_PREFIX)
export class GovstackServicesController {
  constructor(private readonly catalogue: GovstackCatalogueService) {}

  @Get('services')
  services(@Query() query: Record<string, unknown>) {
    const { name } = strings<{ name?: string }>(query);
    return this.catalogue.list(name);
  }

  @Get('services/:serviceId')
  async service(@Param('serviceId') serviceId: string) {
    return serviceJson(await this.catalogue.get(serviceId));
  }

  @Get('services/:serviceId/eForms')
  eForms(@Param('serviceId') serviceId: string) {
    return this.catalogue.eForms(serviceId);
  }

  @Get('eForms/:eFormId')
  eForm(@Param('eFormId') eFormId: string) {
    return this.catalogue.eForm(eFormId);
  }
}

/** Application files and their documents ("Applicant", "Operator"). */
@Public()
@UseGuards(GovstackAuthGuard)
@UseInterceptors(GovstackRefusalInterceptor, OmitNullsInterceptor)
@UseFilters(GovstackErrorFilter)
@Controller(GOVSTACK_PREFIX)
export class GovstackApplicationsController {
  constructor(
    private readonly files: GovstackFilesService,
    private readonly documents: ApplicationDocumentsService,
  ) {}

  @Post('services/:serviceId/applications')
  @HttpCode(200)
  create(@Req() req: Request, @Param('serviceId') serviceId: string) {
    return this.files.create(govstackActor(req), serviceId, requestBody(req, BOOLEAN_FIELDS.applicationFile));
  }

  @Get('applications')
  list(@Req() req: Request, @Query() query: Record<string, unknown>) {
    return this.files.list(govstackActor(req), strings<ListQuery>(query));
  }

  @Get('applications/:fileId')
  get(@Req() req: Request, @Param('fileId') fileId: string) {
    return this.files.get(govstackActor(req), fileId);
  }

  @Put('applications/:fileId')
  update(@Req() req: Request, @Param('fileId') fileId: string) {
    return this.files.update(govstackActor(req), fileId, requestBody(req, BOOLEAN_FIELDS.applicationFile));
  }

  /** The address documentUrls give: the document's bytes, to its applicant and to staff. */
  @Get('applications/:fileId/documents/:documentId')
  async document(@Req() req: Request, @Res() res: Response, @Param('fileId') fileId: string, @Param('documentId') documentId: string) {
    if (!UUID.test(fileId) || !UUID.test(documentId)) throw new DomainError('application.item_not_found');
    // Staff do not see drafts here either.
    await this.files.readable(govstackActor(req), fileId);
    const document = await this.documents.read(govstackActor(req), fileId, documentId);
    res.setHeader('Content-Type', document.contentType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(document.content);
  }

  @Post('documents')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', {
      storage: boundedMemoryStorage(MAX_DOCUMENT_BYTES),
      limits: { fileSize: UPLOAD_HARD_LIMIT_BYTES, files: 1, fields: 5 },
    }),
  )
  upload(
    @Req() req: Request,
    @Query('additionalMetadata') additionalMetadata: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
  ) {
    let metadata: Record<string, unknown> = { fileId: body?.['fileId'], kind: body?.['kind'] };
    if (additionalMetadata !== undefined) {
      try {
        if (typeof additionalMetadata !== 'string') throw new Error('given more than once');
        const parsed: unknown = JSON.parse(additionalMetadata);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        metadata = parsed as Record<string, unknown>;
      } catch {
        throw invalidRequest('additionalMetadata must be a JSON object: {"fileId": "…", "kind": "articles"}.');
      }
    }
    return this.files.upload(
      govstackActor(req),
      metadata,
      file ? { originalName: Buffer.from(file.originalname, 'latin1').toString('utf8'), content: file.buffer } : undefined,
    );
  }
}

/** Reviewers' (and returned applications' applicants') work items. */
@Public()
@UseGuards(GovstackAuthGuard)
@UseInterceptors(GovstackRefusalInterceptor, OmitNullsInterceptor)
@UseFilters(GovstackErrorFilter)
@Controller(GOVSTACK_PREFIX)
export class GovstackTasksController {
  constructor(private readonly tasks: GovstackTasksService) {}

  @Get('tasks')
  list(@Req() req: Request, @Query() query: Record<string, unknown>) {
    return this.tasks.list(govstackActor(req), strings<TaskQuery>(query));
  }

  @Get('tasks/:taskId')
  get(@Req() req: Request, @Param('taskId') taskId: string) {
    return this.tasks.get(govstackActor(req), taskId);
  }

  @Post('tasks/:taskId/complete')
  @HttpCode(200)
  complete(@Req() req: Request, @Param('taskId') taskId: string) {
    return this.tasks.complete(govstackActor(req), taskId, requestBody(req, BOOLEAN_FIELDS.taskComplete));
  }
}

/** GovStack Registration BB statistics API, for reviewers and administrators as the statistics pages are. */
@Public()
@Roles('reviewer', 'admin')
@UseGuards(GovstackAuthGuard)
@UseInterceptors(GovstackRefusalInterceptor, OmitNullsInterceptor)
@UseFilters(GovstackErrorFilter)
@Controller(GOVSTACK_PREFIX)
export class GovstackStatisticsController {
  constructor(private readonly statistics: GovstackStatisticsService) {}

  @Get('data/statistics')
  get(@Query() query: Record<string, unknown>) {
    return this.statistics.statistics(strings<StatisticsQuery>(query));
  }
}

/** The administrators' catalogue of services: export, import, create, edit (JSON). */
@Public()
@Roles('admin')
@UseGuards(GovstackAuthGuard)
@UseInterceptors(GovstackRefusalInterceptor, OmitNullsInterceptor)
@UseFilters(GovstackErrorFilter)
@Controller(`${GOVSTACK_PREFIX}/admin/services`)
export class GovstackAdminController {
  constructor(private readonly catalogue: GovstackCatalogueService) {}

  @Get()
  export() {
    return this.catalogue.export();
  }

  @Post()
  @HttpCode(200)
  async create(@Req() req: Request) {
    return serviceJson(await this.catalogue.save(govstackActor(req), requestBody(req, BOOLEAN_FIELDS.service)));
  }

  /** The exported array; or {"services": [...]}, which is also how a form posts it (services[0][key]=…). */
  @Post('import')
  @HttpCode(200)
  async import(@Req() req: Request) {
    return (await this.catalogue.import(govstackActor(req), requestBody(req, BOOLEAN_FIELDS.serviceImport))).map(serviceJson);
  }

  @Put(':serviceId')
  async update(@Req() req: Request, @Param('serviceId') serviceId: string) {
    return serviceJson(await this.catalogue.save(govstackActor(req), requestBody(req, BOOLEAN_FIELDS.service), serviceId));
  }
}

type OpenApiDocument = { servers?: unknown; components?: Record<string, unknown>; security?: unknown; [key: string]: unknown };

/** The two GovStack documents as served here: their paths under GOVSTACK_PREFIX, bearer tokens declared. */
export function govstackOpenApi(file: 'govstack-registration-api.json' | 'govstack-registration-api-statistics.json'): OpenApiDocument {
  const document = JSON.parse(readFileSync(join(PROJECT_ROOT, 'src', 'govstack', 'spec', file), 'utf8')) as OpenApiDocument;
  return {
    ...document,
    servers: [{ url: GOVSTACK_PREFIX, description: 'This portal (GOVSTACK_PREFIX)' }],
    components: {
      ...document.components,
      securitySchemes: {
        apiToken: { type: 'http', scheme: 'bearer', description: 'Personal API token: npm run cli -- api-token:create --email E' },
      },
    },
    security: [{ apiToken: [] }],
  };
}

/** The API's own description: public, like the portal's /api/openapi.json. */
@Public()
@UseFilters(GovstackErrorFilter)
@Controller(GOVSTACK_PREFIX)
export class GovstackOpenApiController {
  private readonly registration = govstackOpenApi('govstack-registration-api.json');
  private readonly statistics = govstackOpenApi('govstack-registration-api-statistics.json');

  @Get('openapi.json')
  registrationDocument() {
    return this.registration;
  }

  @Get('data/openapi.json')
  statisticsDocument() {
    return this.statistics;
  }
}
