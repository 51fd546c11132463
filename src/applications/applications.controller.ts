/// <reference types="multer" />
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { validateForm, type FieldError } from '../common/forms/form';
import { Roles } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import { listCursorFromQuery, nextPageHref } from '../common/paging/list-cursor';
import { findIndustryClass } from '../reference/industry-classification';
import { ApplicationAccessService } from './application-access.service';
import { ApplicationDocumentsService } from './application-documents.service';
import { IndustryForm, OfficerForm, ShareholderForm } from './application-forms.dto';
import { officerAnswer, shareholderAnswer, SIMPLE_SECTIONS } from './application-sections';
import { ApplicationView } from './application-view';
import { ApplicationsRepository, type ApplicationRecord } from './applications.repository';
import { DOCUMENT_KINDS, type DocumentKind } from './domain/answers';
import { isEditable } from './domain/application-state';
import { MAX_DOCUMENT_BYTES } from './domain/document-content';
import { composeName } from './domain/enterprise-name';
import { EditApplicationService } from './edit-application.service';
import { NameCheckService } from './name-check.service';
import { SubmitApplicationService } from './submit-application.service';
import { WithdrawApplicationService } from './withdraw-application.service';
import { boundedMemoryStorage, UPLOAD_HARD_LIMIT_BYTES } from '../common/http/bounded-memory-storage';
import { normaliseLineBreaks } from '../common/text/line-breaks';

/** Applications on a page of the dashboard: an agent filing for many businesses pages through them. */
const DASHBOARD_PAGE_SIZE = 50;

/** The entrepreneur's side: the dashboard, the form page by page, documents, check answers, submit. */
@Controller('applications')
@Roles('applicant')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly edit: EditApplicationService,
    private readonly documents: ApplicationDocumentsService,
    private readonly submitter: SubmitApplicationService,
    private readonly withdrawer: WithdrawApplicationService,
    private readonly names: NameCheckService,
    private readonly view: ApplicationView,
  ) {}

  @Get()
  @Render('applications/index')
  async index(@Req() req: Request, @Query() query: Record<string, unknown>) {
    const after = listCursorFromQuery(query);
    const page = await this.applications.listForApplicant(req.user!.id, after, DASHBOARD_PAGE_SIZE);
    return {
      pageTitle: req.t('applications.title'),
      applications: page.rows.map((a) => this.view.summary(a, req)),
      // Newest first: "older" goes on, and a later page leads back to the newest.
      previous: after ? { href: '/applications', text: req.t('applications.newestPage') } : undefined,
      next: page.next
        ? {
            href: nextPageHref('/applications', page.next),
            text: req.t('applications.olderPage'),
          }
        : undefined,
    };
  }

  @Post()
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    const application = await this.edit.start(actorOf(req));
    res.redirect(303, `/applications/${application.id}`);
  }

  /** The task list while the applicant works on it; the status page once it has left them. */
  @Get(':id')
  async show(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const application = await this.access.owned(actorOf(req), id);
    if (isEditable(application.status)) {
      const documents = await this.applications.documents(id);
      res.render('applications/task-list', this.view.taskList(application, documents, req));
      return;
    }
    res.render('applications/status', await this.view.status(application, req));
  }

  @Get(':id/industry')
  @Render('applications/industry')
  async industryPage(
    @Req() req: Request,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('q') q?: string,
    @Query('return') back?: string,
  ) {
    const application = await this.editable(req, id);
    const saved = application.answers.industry;
    return {
      ...this.view.industry(
        application,
        req,
        { classCode: saved?.classCode ?? '', scope: saved?.scope ?? '' },
        [],
        typeof q === 'string' ? q : '',
      ),
      returnTo: returnValue(back),
    };
  }

  @Post(':id/industry')
  async industry(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
  ): Promise<void> {
    const application = await this.editable(req, id);
    const form = (body ?? {}) as Record<string, unknown>;
    if (form['action'] === 'search') {
      // The search button of the same form: the classes found, and every answer typed so far kept (a
      // search of its own, by GET, lost the business scope typed before it).
      const text = (name: string) => (typeof form[name] === 'string' ? normaliseLineBreaks(form[name]) : '');
      res.status(200).render('applications/industry', {
        ...this.view.industry(application, req, { classCode: text('classCode').trim(), scope: text('scope') }, [], text('q')),
        returnTo: returnValue(body),
      });
      return;
    }
    const { value, errors } = await validateForm(IndustryForm, body, req.t);
    const found = value.classCode ? findIndustryClass(value.classCode) : undefined;
    if (value.classCode && !errors.some((e) => e.field === 'classCode') && !found) {
      errors.unshift({ field: 'classCode', message: req.t('validation.industryClass.unknown', { code: value.classCode }) });
    }
    if (errors.length > 0) {
      res.status(400).render('applications/industry', {
        ...this.view.industry(application, req, value, errors, value.classCode ?? ''),
        returnTo: returnValue(body),
      });
      return;
    }
    await this.edit.saveSection(actorOf(req), id, 'industry', { industry: { classCode: found!.code, scope: value.scope } });
    res.redirect(303, afterSave(id, body));
  }

  @Get(':id/shareholders')
  @Render('applications/shareholders')
  async shareholdersPage(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string, @Query('return') back?: string) {
    return { ...this.view.shareholders(await this.editable(req, id), req, {}, []), ...listLinks(id, back) };
  }

  @Post(':id/shareholders')
  async addShareholder(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @Query('return') back?: string,
  ): Promise<void> {
    const application = await this.editable(req, id);
    const { value, errors } = await validateForm(ShareholderForm, body, req.t);
    if (errors.length > 0) {
      res.status(400).render('applications/shareholders', {
        ...this.view.shareholders(application, req, asValues(value), errors),
        ...listLinks(id, back),
      });
      return;
    }
    await this.edit.addShareholder(actorOf(req), id, shareholderAnswer(value));
    req.session.flash = { type: 'success', message: req.t('section.shareholders.added', { name: value.name }) };
    res.redirect(303, listPage(id, 'shareholders', back));
  }

  @Post(':id/shareholders/:itemId/remove')
  async removeShareholder(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Query('return') back?: string,
  ): Promise<void> {
    await this.edit.removeShareholder(actorOf(req), id, itemId);
    res.redirect(303, listPage(id, 'shareholders', back));
  }

  @Get(':id/officers')
  @Render('applications/officers')
  async officersPage(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string, @Query('return') back?: string) {
    return { ...this.view.officers(await this.editable(req, id), req, {}, []), ...listLinks(id, back) };
  }

  @Post(':id/officers')
  async addOfficer(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: unknown,
    @Query('return') back?: string,
  ): Promise<void> {
    const application = await this.editable(req, id);
    const { value, errors } = await validateForm(OfficerForm, body, req.t);
    if (errors.length > 0) {
      res
        .status(400)
        .render('applications/officers', { ...this.view.officers(application, req, asValues(value), errors), ...listLinks(id, back) });
      return;
    }
    await this.edit.addOfficer(actorOf(req), id, officerAnswer(value));
    req.session.flash = { type: 'success', message: req.t('section.officers.added', { name: value.name }) };
    res.redirect(303, listPage(id, 'officers', back));
  }

  @Post(':id/officers/:itemId/remove')
  async removeOfficer(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Query('return') back?: string,
  ): Promise<void> {
    await this.edit.removeOfficer(actorOf(req), id, itemId);
    res.redirect(303, listPage(id, 'officers', back));
  }

  @Get(':id/documents')
  @Render('applications/documents')
  async documentsPage(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string, @Query('return') back?: string) {
    const application = await this.editable(req, id);
    return {
      ...this.view.documents(application, await this.applications.documents(id), req, []),
      ...listLinks(id, back),
    };
  }

  @Post(':id/documents')
  @UseInterceptors(
    FileInterceptor('file', {
      storage: boundedMemoryStorage(MAX_DOCUMENT_BYTES),
      limits: { fileSize: UPLOAD_HARD_LIMIT_BYTES, files: 1, fields: 5 },
    }),
  )
  async upload(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query('return') back?: string,
  ): Promise<void> {
    const application = await this.editable(req, id);
    const kind = body?.['kind'];
    const errors: FieldError[] = [];
    if (!DOCUMENT_KINDS.includes(kind as DocumentKind)) errors.push({ field: 'kind', message: req.t('validation.documentKind.missing') });
    const tooLarge = { field: 'file', message: req.t('validation.document.too_large', { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }) };
    if (!file) errors.push({ field: 'file', message: req.t('validation.document.missing') });
    else if (file.size > MAX_DOCUMENT_BYTES) errors.push(tooLarge);
    if (errors.length === 0) {
      try {
        await this.documents.upload(actorOf(req), id, kind as DocumentKind, {
          originalName: Buffer.from(file!.originalname, 'latin1').toString('utf8'),
          content: file!.buffer,
        });
        req.session.flash = { type: 'success', message: req.t('section.documents.uploaded') };
        res.redirect(303, listPage(id, 'documents', back));
        return;
      } catch (error) {
        if (!(error instanceof DomainError && error.code.startsWith('document.'))) throw error;
        errors.push({ field: 'file', message: req.t(`validation.${error.code}`, { max: MAX_DOCUMENT_BYTES / 1024 / 1024 }) });
      }
    }
    res.status(errors.includes(tooLarge) ? 413 : 400).render('applications/documents', {
      ...this.view.documents(application, await this.applications.documents(id), req, errors, typeof kind === 'string' ? kind : ''),
      ...listLinks(id, back),
    });
  }

  @Post(':id/documents/:documentId/remove')
  async removeDocument(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Query('return') back?: string,
  ): Promise<void> {
    await this.documents.remove(actorOf(req), id, documentId);
    res.redirect(303, listPage(id, 'documents', back));
  }

  @Get(':id/check-answers')
  @Render('applications/check-answers')
  async checkAnswers(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string) {
    const application = await this.editable(req, id);
    return this.view.checkAnswers(application, await this.applications.documents(id), await this.submitter.readiness(application), req, []);
  }

  @Post(':id/submit')
  async submit(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const declared = body?.['declaration'] === 'yes';
    try {
      await this.submitter.submit(actorOf(req), id, declared);
      res.redirect(303, `/applications/${id}/submitted`);
    } catch (error) {
      if (
        !(error instanceof DomainError) ||
        !['application.declaration_missing', 'application.not_ready', 'application.name_taken'].includes(error.code)
      )
        throw error;
      const application = await this.editable(req, id);
      const errors = [
        { field: error.code === 'application.declaration_missing' ? 'declaration' : 'answers', message: req.t(`error.${error.code}`) },
      ];
      res
        .status(error.code === 'application.name_taken' ? 409 : 400)
        .render(
          'applications/check-answers',
          this.view.checkAnswers(
            application,
            await this.applications.documents(id),
            await this.submitter.readiness(application),
            req,
            errors,
          ),
        );
    }
  }

  @Get(':id/submitted')
  @Render('applications/submitted')
  async submitted(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string) {
    const application = await this.access.owned(actorOf(req), id);
    return { pageTitle: req.t('submitted.title'), reference: application.reference, id };
  }

  @Get(':id/withdraw')
  @Render('applications/withdraw')
  async withdrawPage(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string) {
    const application = await this.access.owned(actorOf(req), id);
    return {
      pageTitle: req.t('withdraw.title'),
      application: this.view.summary(application, req),
      backLink: { href: `/applications/${id}`, text: req.t('common.back') },
    };
  }

  @Post(':id/withdraw')
  async withdraw(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.withdrawer.withdraw(actorOf(req), id);
    req.session.flash = { type: 'success', message: req.t('withdraw.done') };
    res.redirect(303, '/applications');
  }

  @Get(':id/documents/:documentId')
  async document(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
  ): Promise<void> {
    const document = await this.documents.read(actorOf(req), id, documentId);
    sendDocument(res, document);
  }

  /** Every plain one-form page: GET shows the saved answers, POST validates and saves. */
  @Get(':id/:section')
  @Render('applications/section')
  async sectionPage(
    @Req() req: Request,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('section') slug: string,
    @Query('return') back?: string,
  ) {
    const application = await this.editable(req, id);
    const section = simpleSection(slug);
    const nameCheck =
      section.key === 'name' && application.answers.name ? await this.names.checkAnswers(id, application.answers) : undefined;
    return {
      ...this.view.section(application, section, section.values(application.answers), [], req, nameCheck),
      returnTo: returnValue(back),
    };
  }

  @Post(':id/:section')
  async saveSection(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('section') slug: string,
    @Body() body: unknown,
  ): Promise<void> {
    const application = await this.editable(req, id);
    const section = simpleSection(slug);
    const { value, errors } = await validateForm(section.dto, body, req.t);
    const form = asValues(value);
    let similar: string[] = [];
    if (errors.length === 0 && section.key === 'name') {
      const patch = section.toAnswers(form);
      const check = await this.names.check(id, patch.name!, application.answers.entityType);
      similar = check.similar;
      errors.push(...check.problems.map((p) => ({ field: p.field, message: req.locale === 'zh-CN' ? p.message_zh : p.message_en })));
      if (check.takenBy) errors.push({ field: 'tradeName', message: req.t('validation.tradeName.taken', { name: check.takenBy }) });
    }
    if (errors.length > 0) {
      res
        .status(400)
        .render('applications/section', { ...this.view.section(application, section, form, errors, req), returnTo: returnValue(body) });
      return;
    }
    await this.edit.saveSection(actorOf(req), id, section.key, section.toAnswers(form));
    // An available name with look-alikes in use is shown once more with them, so the applicant can think
    // again before moving on; otherwise straight on, with the check's result as the confirmation.
    const back = returnValue(body);
    const seen = (body as { seen?: unknown } | null)?.seen === 'similar';
    if (section.key === 'name' && similar.length > 0 && !seen) {
      res.redirect(303, `/applications/${id}/name${back ? `?return=${back}` : ''}`);
      return;
    }
    if (section.key === 'name') {
      req.session.flash = {
        type: 'success',
        message: req.t('section.name.available', { name: composeName(section.toAnswers(form).name!) }),
      };
    }
    res.redirect(303, afterSave(id, body));
  }

  private async editable(req: Request, id: string): Promise<ApplicationRecord> {
    const application = await this.access.owned(actorOf(req), id);
    if (!isEditable(application.status)) throw new DomainError('application.not_editable', { status: application.status });
    return application;
  }
}

/** "Change" links on the check-your-answers page come back to it after saving. */
function returnValue(source: unknown): 'check-answers' | undefined {
  const value = typeof source === 'string' ? source : (source as { return?: unknown } | null | undefined)?.return;
  return value === 'check-answers' ? 'check-answers' : undefined;
}

function afterSave(id: string, source: unknown): string {
  return returnValue(source) ? `/applications/${id}/check-answers` : `/applications/${id}`;
}

/** A list page (its forms post back to it), still on its way back to check-your-answers when it was. */
function listPage(id: string, list: 'shareholders' | 'officers' | 'documents', back: unknown): string {
  return `/applications/${id}/${list}${returnValue(back) ? '?return=check-answers' : ''}`;
}

/** What a list page's forms and its Done link need to keep a Change link's way back. */
function listLinks(id: string, back: unknown): { doneHref: string; returnTo: string | undefined } {
  return { doneHref: afterSave(id, { return: back }), returnTo: returnValue(back) };
}

/** A validated form as the strings it was typed as, for re-rendering the answers. */
function asValues(form: object): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
}

function simpleSection(slug: string) {
  const section = SIMPLE_SECTIONS.find((s) => s.slug === slug);
  if (!section) throw new DomainError('not_found');
  return section;
}

export function sendDocument(res: Response, document: { fileName: string; contentType: string; content: Buffer }): void {
  res.setHeader('Content-Type', document.contentType);
  res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
  // Shown inside the portal's own pages only; never interpreted as anything but the declared type.
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(document.content);
}
