import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Render, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ENTITY_TYPE_KEYS } from '../applications/domain/answers';
import { Roles } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import type { FieldError } from '../common/forms/form';
import { fieldErrors } from '../common/forms/form';
import {
  GovstackCatalogueService,
  problemText,
  ServiceInvalidError,
  type ServiceField,
  type ServiceProblem,
} from '../govstack/govstack-catalogue.service';
import { normaliseLineBreaks } from '../common/text/line-breaks';
import { SERVICE_TYPES, type GovstackService } from '../govstack/govstack.repository';

const MAX_IMPORT_BYTES = 1024 * 1024;
/** The form's order, which the error summary follows. */
const FIELD_ORDER: ServiceField[] = ['name', 'key', 'version', 'type', 'description', 'entityTypes', 'isExecutable'];

interface ServiceFormValues {
  name: string;
  key: string;
  version: string;
  type: string;
  description: string;
  entityTypes: string[];
  isExecutable: string;
}

/**
 * The administrators' pages for the GovStack API's catalogue of services: list, add, change, import and
 * export, through the same service (checks and audit) as the API's own admin endpoints.
 */
@Controller('admin/services')
@Roles('admin')
export class AdminServicesController {
  constructor(private readonly catalogue: GovstackCatalogueService) {}

  @Get()
  @Render('admin/services')
  async list(@Req() req: Request) {
    const services = await this.catalogue.all();
    return {
      pageTitle: req.t('govstackServices.title'),
      services: services.map((s) => ({
        id: s.id,
        name: s.name,
        key: s.key,
        version: s.version,
        type: req.t(`govstackServices.field.type.${s.type}`),
        entityTypes: s.entityTypes.map((t) => req.t(`entityType.${t}`)),
        executable: req.t(`govstackServices.field.isExecutable.${s.isExecutable ? 'yes' : 'no'}`),
      })),
    };
  }

  @Get('new')
  @Render('admin/services-form')
  newService(@Req() req: Request) {
    return this.formView(req, undefined, emptyValues(), []);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    await this.saveFromForm(req, res, body, undefined);
  }

  /** The whole catalogue as the import (here or through the API) accepts it. */
  @Get('export')
  async export(@Res() res: Response): Promise<void> {
    const services = await this.catalogue.export();
    const day = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="govstack-services-${day}.json"`);
    res.send(`${JSON.stringify(services, null, 2)}\n`);
  }

  @Get('import')
  @Render('admin/services-import')
  importPage(@Req() req: Request) {
    return this.importView(req, '', []);
  }

  /** A file or pasted JSON (multipart, as a file may come: the CSRF token rides in the query string). */
  @Post('import')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 3 } }))
  async import(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<void> {
    const pasted = typeof body?.['json'] === 'string' ? body['json'] : '';
    const fromFile = file !== undefined && file.size > 0;
    const field = fromFile ? 'file' : 'json';
    const fail = (messages: string[]) =>
      res.status(400).render(
        'admin/services-import',
        this.importView(
          req,
          pasted,
          messages.map((message) => ({ field, message })),
        ),
      );
    let text: string;
    if (fromFile) {
      text = new TextDecoder('utf-8', { fatal: false }).decode(file.buffer).replace(/^\uFEFF/, '');
      if (text.includes('\uFFFD')) return fail([req.t('govstackServices.import.notText')]);
    } else {
      text = pasted;
    }
    if (text.trim() === '') return fail([req.t('govstackServices.import.missing')]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail([req.t('govstackServices.import.notJson', { source: req.t(`govstackServices.import.source.${field}`), reason })]);
    }
    try {
      const saved = await this.catalogue.import(actorOf(req), parsed);
      req.session.flash = { type: 'success', message: req.t('govstackServices.imported', { count: saved.length }) };
      res.redirect(303, '/admin/services');
    } catch (error) {
      if (!(error instanceof ServiceInvalidError)) throw error;
      return fail(error.problems.map((p) => problemText(p, req.t)));
    }
  }

  @Get(':id')
  @Render('admin/services-form')
  async edit(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string) {
    const service = await this.catalogue.get(id);
    return this.formView(req, service, valuesOf(service), []);
  }

  @Post(':id')
  async update(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
  ): Promise<void> {
    await this.saveFromForm(req, res, body, await this.catalogue.get(id));
  }

  private async saveFromForm(req: Request, res: Response, body: unknown, existing: GovstackService | undefined): Promise<void> {
    const values = formValues(body);
    try {
      const saved = await this.catalogue.save(actorOf(req), toInput(values, existing), existing?.id);
      req.session.flash = {
        type: 'success',
        message: req.t(existing ? 'govstackServices.updated' : 'govstackServices.created', { name: saved.name }),
      };
      res.redirect(303, '/admin/services');
    } catch (error) {
      if (!(error instanceof ServiceInvalidError)) throw error;
      const errors = errorsOf(error.problems, req);
      res.status(400).render('admin/services-form', this.formView(req, existing, values, errors));
    }
  }

  private formView(req: Request, existing: GovstackService | undefined, values: ServiceFormValues, errors: FieldError[]) {
    return {
      pageTitle: req.t(existing ? 'govstackServices.editTitle' : 'govstackServices.newTitle'),
      backLink: { href: '/admin/services', text: req.t('common.back') },
      action: existing ? `/admin/services/${existing.id}` : '/admin/services',
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      values,
      typeItems: SERVICE_TYPES.map((type) => ({
        value: type,
        text: req.t(`govstackServices.field.type.${type}`),
        hint: type === 'None' ? undefined : req.t(`govstackServices.field.type.${type}.hint`),
        checked: values.type === type,
      })),
      entityTypeItems: ENTITY_TYPE_KEYS.map((type) => ({
        value: type,
        text: req.t(`entityType.${type}`),
        checked: values.entityTypes.includes(type),
      })),
      executableItems: ['yes', 'no'].map((value) => ({
        value,
        text: req.t(`govstackServices.field.isExecutable.${value}`),
        checked: values.isExecutable === value,
      })),
    };
  }

  private importView(req: Request, json: string, errors: FieldError[]) {
    return {
      pageTitle: req.t('govstackServices.importTitle'),
      backLink: { href: '/admin/services', text: req.t('common.back') },
      hasErrors: errors.length > 0,
      errors,
      // The summary lists every problem; the field the import came from is marked with the first.
      fileError: errors[0]?.field === 'file' ? errors[0].message : undefined,
      jsonError: errors[0]?.field === 'json' ? errors[0].message : undefined,
      json,
    };
  }
}

function emptyValues(): ServiceFormValues {
  return { name: '', key: '', version: '1', type: 'Public', description: '', entityTypes: [], isExecutable: 'yes' };
}

function valuesOf(s: GovstackService): ServiceFormValues {
  return {
    name: s.name,
    key: s.key,
    version: s.version,
    type: s.type,
    description: s.description,
    entityTypes: [...s.entityTypes],
    isExecutable: s.isExecutable ? 'yes' : 'no',
  };
}

/** The posted form, as text (checkboxes: none, one or several values). */
function formValues(body: unknown): ServiceFormValues {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (key: string) => (typeof b[key] === 'string' ? b[key] : '');
  const types = b['entityTypes'];
  return {
    name: text('name'),
    key: text('key'),
    version: text('version'),
    type: text('type'),
    description: normaliseLineBreaks(text('description')),
    entityTypes: (Array.isArray(types) ? types : types === undefined ? [] : [types]).filter((t): t is string => typeof t === 'string'),
    isExecutable: text('isExecutable'),
  };
}

/** The form's answers in the API's shape, so both are checked by the same code. */
function toInput(v: ServiceFormValues, existing: GovstackService | undefined): Record<string, unknown> {
  return {
    ...(existing ? { id: existing.id } : {}),
    name: v.name,
    key: v.key,
    version: v.version,
    type: v.type,
    description: v.description,
    entityTypes: v.entityTypes,
    isExecutable: v.isExecutable === 'yes' ? true : v.isExecutable === 'no' ? false : v.isExecutable,
  };
}

function errorsOf(problems: ServiceProblem[], req: Request): FieldError[] {
  const errors = problems.map((p) => ({
    field: p.field === 'services' || p.field === 'id' ? 'name' : p.field,
    // The page shows the choices itself: the list of keys (problemText) is for API callers and imports.
    message: req.t(p.key, p.params),
  }));
  return errors.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}
