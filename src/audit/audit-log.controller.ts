import { Controller, Get, HttpCode, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccountsRepository } from '../auth/accounts.repository';
import { Roles } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import type { Translator } from '../common/http/request-context';
import { AuditService } from './audit.service';
import { AuditQueryRepository, type AuditFilter } from './audit-query.repository';
import { AuditVerificationService } from './audit-verification.service';
import { auditActionLabel, auditRowView, parseAuditQuery, toCsvLine, CSV_HEADER, type AuditQuery } from './audit-view';

const PAGE_SIZE = 50;

@Controller('admin/audit')
@Roles('admin')
export class AuditLogController {
  constructor(
    private readonly events: AuditQueryRepository,
    private readonly accounts: AccountsRepository,
    private readonly verification: AuditVerificationService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Render('audit/log')
  async log(@Req() req: Request, @Query() query: AuditQuery) {
    const parsed = parseAuditQuery(query, req.t);
    const filter = await this.resolveActor(parsed.filter, parsed.actor);
    const [page, actions] = await Promise.all([
      parsed.errors.length || filter === undefined
        ? { rows: [], hasOlder: false, hasNewer: false }
        : this.events.page(filter, parsed.cursor, PAGE_SIZE),
      this.events.actions(),
    ]);
    const keep = new URLSearchParams(parsed.echo);
    const link = (extra: Record<string, string>) =>
      `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(keep), ...extra }).toString()}`;
    return {
      pageTitle: req.t('audit.title'),
      hasErrors: parsed.errors.length > 0,
      errors: parsed.errors,
      fieldErrors: Object.fromEntries(parsed.errors.map((e) => [e.field, e.message])),
      values: parsed.echo,
      actorUnknown: filter === undefined,
      actionItems: [{ value: '', text: req.t('audit.anyAction'), selected: !parsed.echo['action'] }].concat(
        actions.map((a) => ({ value: a, text: optionText(a, req.t), selected: a === parsed.echo['action'] })),
      ),
      rows: page.rows.map((row) => auditRowView(row, req)),
      exportHref: `/admin/audit/export.csv?${keep.toString()}`,
      pagination: {
        previous:
          page.hasNewer && page.rows[0] ? { href: link({ after: String(page.rows[0].seq) }), text: req.t('audit.newer') } : undefined,
        next:
          page.hasOlder && page.rows.length
            ? { href: link({ before: String(page.rows[page.rows.length - 1].seq) }), text: req.t('audit.older') }
            : undefined,
      },
    };
  }

  /** Streamed in batches: a million-event export never sits in memory. */
  @Get('export.csv')
  async export(@Req() req: Request, @Res() res: Response, @Query() query: AuditQuery): Promise<void> {
    const parsed = parseAuditQuery(query, req.t);
    const filter = parsed.errors.length ? undefined : await this.resolveActor(parsed.filter, parsed.actor);
    await this.audit.recordAlone(actorOf(req), { action: 'audit.exported', details: { filter: parsed.echo } });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.write('\ufeff' + CSV_HEADER); // BOM: spreadsheet programs then read the Chinese text correctly
    if (filter) {
      for await (const batch of this.events.all(filter)) {
        const chunk = batch.map(toCsvLine).join('');
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
    }
    res.end();
  }

  @Post('verify')
  @HttpCode(303)
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.verification.run(actorOf(req));
    req.session.flash = result.intact
      ? { type: 'success', message: req.t('audit.verifiedIntact', { count: result.checked }) }
      : { type: 'important', message: req.t('audit.verifiedBroken', { seq: result.firstBreak?.seq ?? 0 }) };
    res.redirect(303, '/admin');
  }

  /** An actor typed as an email is looked up; an unknown one matches nothing (undefined). */
  private async resolveActor(filter: AuditFilter, actor: string | undefined): Promise<AuditFilter | undefined> {
    if (!actor) return filter;
    if (/^[0-9a-f-]{36}$/i.test(actor)) return { ...filter, actorId: actor };
    const account = await this.accounts.findByEmail(actor);
    return account ? { ...filter, actorId: account.id } : undefined;
  }
}

/** An action in the filter: its name with its code, the code being what the log's rows show beside it. */
function optionText(action: string, t: Translator): string {
  const { name, code } = auditActionLabel(action, t);
  return code === undefined ? name : t('audit.actionOption', { name, code });
}
