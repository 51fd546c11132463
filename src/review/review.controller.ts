import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApplicationAccessService } from '../applications/application-access.service';
import { ApplicationDocumentsService } from '../applications/application-documents.service';
import { ApplicationView, documentKindName, sectionName } from '../applications/application-view';
import { sendDocument } from '../applications/applications.controller';
import { ApplicationsRepository } from '../applications/applications.repository';
import { sectionsFor } from '../applications/domain/answers';
import { DISTRICTS } from '../applications/domain/districts';
import { NameCheckService } from '../applications/name-check.service';
import { DomainError } from '../common/errors/domain-error';
import { translateDomainError } from '../common/errors/error-catalogue';
import { Roles } from '../common/http/access.decorators';
import { listCursorFromQuery, nextPageHref } from '../common/paging/list-cursor';
import { normaliseLineBreaks } from '../common/text/line-breaks';
import { containsUnsafeCharacters } from '../common/text/unsafe-characters';
import { actorOf } from '../common/http/actor';
import { formatDateTime } from '../common/views/view-engine';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { findIndustryClass, SECTOR_KEYS, SECTOR_NAMES, industrySections, sectorOf } from '../reference/industry-classification';
import { calendarFrom, slaDeadline, slaStatus, type WorkingCalendar } from './domain/sla';
import {
  MAX_COMMENT_LENGTH,
  MAX_EXPLANATION_LENGTH,
  REJECTION_REASONS,
  ReviewDecisionsService,
  type RejectionReason,
} from './review-decisions.service';
import { ReviewClaimsService } from './review-claims.service';
import { ReviewQueueRepository, type QueueFilter } from './review-queue.repository';
import { UUID } from '../common/text/uuid';

const PAGE_SIZE = 25;
const OPEN_STATUSES = ['submitted', 'in_review'] as const;

/** What a reviewer typed in a decision's form, shown again when the decision is refused. */
interface TypedDecision {
  reason?: string;
  explanation?: string;
  /** Section → comment. */
  comments?: Record<string, string>;
}

@Controller('review')
@Roles('reviewer', 'admin')
export class ReviewController {
  private readonly calendar: WorkingCalendar;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: ReviewQueueRepository,
    private readonly applications: ApplicationsRepository,
    private readonly access: ApplicationAccessService,
    private readonly documents: ApplicationDocumentsService,
    private readonly names: NameCheckService,
    private readonly view: ApplicationView,
    private readonly claims: ReviewClaimsService,
    private readonly decisions: ReviewDecisionsService,
  ) {
    this.calendar = calendarFrom(config.review.holidays, config.review.makeUpWorkdays);
  }

  /** "My work": the applications this reviewer holds. */
  @Get('mine')
  @Render('review/queue')
  mine(@Req() req: Request, @Query() query: Record<string, unknown>) {
    return this.list(req, { ...query, assignee: 'me' });
  }

  @Get()
  @Render('review/queue')
  async list(@Req() req: Request, @Query() query: Record<string, unknown>) {
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
    const status = text('status');
    const sector = text('sector');
    const district = text('district');
    const assignee = text('assignee');
    const filter: QueueFilter = {
      statuses: status === 'submitted' || status === 'in_review' ? [status] : [...OPEN_STATUSES],
      ...((SECTOR_KEYS as readonly string[]).includes(sector)
        ? {
            sections: industrySections()
              .filter((s) => s.sector === sector)
              .map((s) => s.letter),
          }
        : {}),
      ...(DISTRICTS.some((d) => d.code === district) ? { district } : {}),
      ...(assignee === 'me'
        ? { assignee: req.user!.id }
        : assignee === 'unassigned'
          ? { assignee }
          : UUID.test(assignee)
            ? { assignee }
            : {}),
    };
    const after = listCursorFromQuery(query);
    const [page, reviewers] = await Promise.all([this.queue.page(filter, after, PAGE_SIZE), this.queue.reviewerOptions()]);
    const now = new Date();
    const keep = { status, sector, district, assignee };
    return {
      pageTitle: req.t(assignee === 'me' ? 'review.mine' : 'review.title'),
      heading: req.t(assignee === 'me' ? 'review.mine' : 'review.title'),
      rows: page.rows.map((row) => {
        const sla = slaStatus(slaDeadline(row.submittedAt, this.config.review.slaWorkingDays, this.calendar), now, this.calendar);
        const industry = row.industryClass ? findIndustryClass(row.industryClass) : undefined;
        const sectorKey = row.industryClass ? sectorOf(row.industryClass) : undefined;
        return {
          id: row.id,
          reference: row.reference,
          name: row.proposedName,
          status: row.status,
          statusText: req.t(`component.tag.${row.status}`),
          submittedAt: formatDateTime(row.submittedAt, req.locale),
          sector: sectorKey ? SECTOR_NAMES[sectorKey][req.locale === 'zh-CN' ? 'zh' : 'en'] : '—',
          industry: industry ? `${industry.code} ${industry.name_zh}` : '',
          district: DISTRICTS.find((d) => d.code === row.district)?.[req.locale === 'zh-CN' ? 'zh' : 'en'] ?? '—',
          assignee: row.assigneeName ?? req.t('review.unassigned'),
          overdue: sla.state === 'overdue',
          slaText:
            sla.state === 'overdue'
              ? req.t('review.sla.overdue', { days: sla.workingDaysOverdue })
              : sla.state === 'due_today'
                ? req.t('review.sla.dueToday')
                : req.t('review.sla.left', { days: sla.workingDaysLeft }),
        };
      }),
      statusItems: [
        { value: '', text: req.t('review.filter.allOpen'), selected: !status },
        ...OPEN_STATUSES.map((s) => ({ value: s, text: req.t(`component.tag.${s}`), selected: s === status })),
      ],
      sectorItems: [{ value: '', text: req.t('review.filter.anySector'), selected: !sector }].concat(
        SECTOR_KEYS.map((k) => ({ value: k, text: SECTOR_NAMES[k][req.locale === 'zh-CN' ? 'zh' : 'en'], selected: k === sector })),
      ),
      districtItems: [{ value: '', text: req.t('review.filter.anyDistrict'), selected: !district }].concat(
        DISTRICTS.map((d) => ({ value: d.code, text: req.locale === 'zh-CN' ? d.zh : d.en, selected: d.code === district })),
      ),
      assigneeItems: [
        { value: '', text: req.t('review.filter.anyone'), selected: !assignee },
        { value: 'me', text: req.t('review.filter.me'), selected: assignee === 'me' },
        { value: 'unassigned', text: req.t('review.unassigned'), selected: assignee === 'unassigned' },
        ...reviewers.map((r) => ({ value: r.id, text: r.name, selected: r.id === assignee })),
      ],
      next: page.next
        ? {
            href: nextPageHref('/review', page.next, keep),
            text: req.t('review.nextPage'),
          }
        : undefined,
      slaDays: this.config.review.slaWorkingDays,
    };
  }

  /** Everything the applicant entered, the documents, the name check, the history; the decisions. */
  @Get(':id')
  @Render('review/examine')
  examine(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.examination(req, id, {});
  }

  /** The examination page; after a refused decision, with what the reviewer had typed in its form. */
  private async examination(req: Request, id: string, typed: TypedDecision) {
    const application = await this.access.readable(actorOf(req), id);
    const [documents, history, nameCheck, reviewers, code] = await Promise.all([
      this.applications.documents(id),
      this.applications.history(id),
      this.names.checkAnswers(id, application.answers),
      this.queue.reviewers(),
      application.status === 'approved' ? this.applications.issuedCode(id) : Promise.resolve(undefined),
    ]);
    const mine = application.status === 'in_review' && application.assignedReviewerId === req.user!.id;
    const isAdmin = req.user!.role === 'admin';
    const sla = application.submittedAt
      ? slaStatus(slaDeadline(application.submittedAt, this.config.review.slaWorkingDays, this.calendar), new Date(), this.calendar)
      : undefined;
    return {
      pageTitle: application.proposedName ?? application.reference,
      backLink: { href: '/review', text: req.t('review.title') },
      // Approved: the code it was given and its licence, one click away.
      licence: code ? { text: req.t('review.issuedCode', { code }), href: `/licences/${code}` } : undefined,
      application: this.view.summary(application, req),
      assignee: application.assignedReviewerId ? (reviewers.find((r) => r.id === application.assignedReviewerId)?.name ?? '') : undefined,
      overdue: sla?.state === 'overdue',
      slaText:
        // The clock runs while the authority has the application: not once decided, returned or withdrawn.
        sla && (application.status === 'submitted' || application.status === 'in_review')
          ? sla.state === 'overdue'
            ? req.t('review.sla.overdue', { days: sla.workingDaysOverdue })
            : sla.state === 'due_today'
              ? req.t('review.sla.dueToday')
              : req.t('review.sla.left', { days: sla.workingDaysLeft })
          : undefined,
      // The documents have a list of their own below, each file a link with its kind, size and hash: the
      // answers' group of file names would say the same again under the same heading.
      answers: this.view.answerRows(application, documents, req, false).filter((group) => group.name !== 'documents'),
      documents: documents.map((d) => ({
        href: `/review/${id}/documents/${d.id}`,
        fileName: d.fileName,
        kind: documentKindName(d.kind, application.answers.entityType, req),
        size: `${Math.max(1, Math.round(d.sizeBytes / 1024))} KB`,
        sha256: d.sha256.slice(0, 16),
      })),
      nameCheck: nameCheck && {
        name: nameCheck.name,
        available: nameCheck.available,
        problems: nameCheck.problems.map((p) => (req.locale === 'zh-CN' ? p.message_zh : p.message_en)),
        takenBy: nameCheck.takenBy,
        similar: nameCheck.similar,
      },
      timeline: this.view.timeline(history, req, 'staff', application.answers.entityType),
      auditHref: isAdmin ? `/admin/audit?subjectType=application&subjectId=${application.id}` : undefined,
      canClaim: application.status === 'submitted' && req.user!.role === 'reviewer',
      canRelease: application.status === 'in_review' && (mine || isAdmin),
      canDecide: mine && req.user!.role === 'reviewer',
      canReassign: application.status === 'in_review' && isAdmin,
      reviewerItems: reviewers.map((r) => ({ value: r.id, text: r.name, selected: r.id === application.assignedReviewerId })),
      commentSections: sectionsFor(application.answers.entityType).map((section) => ({
        id: `comment-${section}`,
        name: `comment_${section}`,
        label: sectionName(section, application.answers.entityType, req),
        value: typed.comments?.[section],
      })),
      maxCommentLength: MAX_COMMENT_LENGTH,
      maxExplanationLength: MAX_EXPLANATION_LENGTH,
      explanation: typed.explanation,
      reasonItems: REJECTION_REASONS.map((r) => ({ value: r, text: req.t(`review.reason.${r}`), checked: r === typed.reason })),
    };
  }

  @Post(':id/claim')
  @Roles('reviewer')
  async claim(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.act(req, res, id, () => this.claims.claim(actorOf(req), id), 'review.claimed');
  }

  @Post(':id/release')
  async release(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.act(req, res, id, () => this.claims.release(actorOf(req), id), 'review.released', { redirectTo: '/review' });
  }

  @Post(':id/reassign')
  @Roles('admin')
  async reassign(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const reviewerId = typeof body?.['reviewerId'] === 'string' ? body['reviewerId'] : '';
    await this.act(req, res, id, () => this.claims.reassign(actorOf(req), id, reviewerId), 'review.reassigned');
  }

  @Post(':id/approve')
  @Roles('reviewer')
  async approve(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.act(req, res, id, () => this.decisions.approve(actorOf(req), id), 'review.approved');
  }

  @Post(':id/reject')
  @Roles('reviewer')
  async reject(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const reason = body?.['reason'];
    const explanation = typeof body?.['explanation'] === 'string' ? normaliseLineBreaks(body['explanation']).trim() : '';
    await this.act(
      req,
      res,
      id,
      () => {
        if (!REJECTION_REASONS.includes(reason as RejectionReason)) throw new DomainError('review.reason_required');
        if (reason === 'other' && explanation === '') throw new DomainError('review.explanation_required');
        return this.decisions.reject(actorOf(req), id, reason as RejectionReason, explanation);
      },
      'review.rejected',
      { typed: { reason: typeof reason === 'string' ? reason : undefined, explanation } },
    );
  }

  @Post(':id/return')
  @Roles('reviewer')
  async return(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const comments = Object.entries(body ?? {})
      .filter(([key, value]) => key.startsWith('comment_') && typeof value === 'string' && value.trim() !== '')
      .map(([key, value]) => ({
        field: key.slice('comment_'.length),
        comment: normaliseLineBreaks(value as string).trim(),
      }));
    await this.act(req, res, id, () => this.decisions.return(actorOf(req), id, comments), 'review.returned', {
      typed: { comments: Object.fromEntries(comments.map((c) => [c.field, c.comment])) },
    });
  }

  @Get(':id/documents/:documentId')
  async document(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
  ): Promise<void> {
    sendDocument(res, await this.documents.read(actorOf(req), id, documentId));
  }

  /**
   * Runs an action; a domain refusal (lost race, wrong state, missing comment) comes back to the
   * examination page as a banner with the reason, and the right status code.
   */
  private async act(
    req: Request,
    res: Response,
    id: string,
    run: () => Promise<unknown>,
    doneKey: string,
    { redirectTo = `/review/${id}`, typed = {} }: { redirectTo?: string; typed?: TypedDecision } = {},
  ): Promise<void> {
    try {
      await run();
      req.session.flash = { type: 'success', message: req.t(doneKey) };
      res.redirect(303, redirectTo);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'auth.forbidden' || error.code === 'application.not_found') throw error;
      const { status, message } = translateDomainError(error, req.t);
      const view = await this.examination(req, id, typed);
      // A mistake in a decision's form is shown as the form's error, linked to its field; a refusal about
      // the application itself (someone else decided first) as a banner.
      const field = decisionErrorField(error.code, typed, view.commentSections);
      if (field === undefined) res.locals['flash'] = { type: 'important', message };
      res
        .status(status)
        .render(
          'review/examine',
          field === undefined ? view : { ...view, hasErrors: true, errors: [{ field, message }], fieldErrors: { [field]: message } },
        );
    }
  }
}

/**
 * The field of the decision forms that a refused decision is about (the error summary links to it), or
 * undefined when the refusal is not about what was typed (a conflict).
 */
function decisionErrorField(code: string, typed: TypedDecision, comments: readonly { id: string; value?: string }[]): string | undefined {
  const comment = (isAtFault: (text: string) => boolean) => (comments.find((c) => isAtFault(c.value ?? '')) ?? comments[0])?.id;
  switch (code) {
    case 'review.comment_required':
      return comments[0]?.id;
    case 'review.comment_too_long':
      return comment((text) => text.length > MAX_COMMENT_LENGTH);
    case 'review.reason_required':
      return 'reason';
    case 'review.explanation_required':
    case 'review.explanation_too_long':
      return 'explanation';
    case 'review.unsafe_characters':
      return containsUnsafeCharacters(typed.explanation ?? '') ? 'explanation' : comment(containsUnsafeCharacters);
    default:
      return undefined;
  }
}
