import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuditQueryRepository } from '../audit/audit-query.repository';
import { auditRowView } from '../audit/audit-view';
import { AccountsRepository } from '../auth/accounts.repository';
import { AccountStatusService } from '../auth/account-status.service';
import { CreateStaffForm } from '../auth/auth.dto';
import { CreateAccountService } from '../auth/create-account.service';
import { commonPasswords } from '../auth/common-passwords';
import { checkPassword, PASSWORD_MIN_LENGTH } from '../auth/domain/password-policy';
import { isRole, ROLES } from '../auth/domain/role';
import { DomainError } from '../common/errors/domain-error';
import { fieldErrors, validateForm, type FieldError } from '../common/forms/form';
import { Roles } from '../common/http/access.decorators';
import { actorOf } from '../common/http/actor';
import { formatDateTime } from '../common/views/view-engine';
import { listCursorFromQuery, nextPageHref } from '../common/paging/list-cursor';
import { tokenRows } from '../govstack/api-tokens.controller';
import { ApiTokensService } from '../govstack/api-tokens.service';

/** Accounts on a page of the list, newest first. */
const ACCOUNTS_PAGE_SIZE = 100;

@Controller('admin/accounts')
@Roles('admin')
export class AdminAccountsController {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly createAccount: CreateAccountService,
    private readonly accountStatus: AccountStatusService,
    private readonly events: AuditQueryRepository,
    private readonly tokens: ApiTokensService,
  ) {}

  @Get()
  @Render('admin/accounts')
  async list(@Req() req: Request, @Query() query: Record<string, unknown>) {
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
    const role = text('role');
    const q = text('q');
    const filter = { role: isRole(role) ? role : undefined, q: q.trim() || undefined };
    const after = listCursorFromQuery(query);
    const page = await this.accounts.list({ ...filter, after, limit: ACCOUNTS_PAGE_SIZE });
    const echo = { ...(filter.role ? { role: filter.role } : {}), ...(filter.q ? { q: filter.q } : {}) };
    return {
      pageTitle: req.t('adminAccounts.title'),
      q,
      previous: after
        ? {
            href: `/admin/accounts${Object.keys(echo).length ? `?${new URLSearchParams(echo).toString()}` : ''}`,
            text: req.t('adminAccounts.newestPage'),
          }
        : undefined,
      next: page.next
        ? {
            href: nextPageHref('/admin/accounts', page.next, echo),
            text: req.t('adminAccounts.olderPage'),
          }
        : undefined,
      roleItems: [{ value: '', text: req.t('adminAccounts.allRoles'), selected: !isRole(role) }].concat(
        ROLES.map((r) => ({ value: r, text: req.t(`role.${r}`), selected: r === role })),
      ),
      accounts: page.rows.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        roleLabel: req.t(`role.${a.role}`),
        active: a.status === 'active',
        statusLabel: req.t(`accountStatus.${a.status}`),
        isSelf: a.id === req.user?.id,
        createdAt: a.createdAt,
        lastLoginAt: a.lastLoginAt,
      })),
    };
  }

  @Get('new')
  @Render('admin/account-new')
  newAccount(@Req() req: Request) {
    return this.newView(req, {}, []);
  }

  @Post()
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const { value, errors } = await validateForm(CreateStaffForm, body, req.t);
    const passwordProblem = checkPassword(value.password ?? '', { email: value.email, commonPasswords: commonPasswords() });
    if (passwordProblem)
      errors.push({ field: 'password', message: req.t(`validation.password.${passwordProblem}`, { min: PASSWORD_MIN_LENGTH }) });
    if (errors.length === 0) {
      try {
        await this.createAccount.create(actorOf(req), value);
        req.session.flash = { type: 'success', message: req.t('adminAccounts.created', { email: value.email }) };
        res.redirect(303, '/admin/accounts');
        return;
      } catch (error) {
        // Staff accounts are made by an administrator, who may be told the address is taken.
        if (!(error instanceof DomainError && error.code === 'account.email_taken')) throw error;
        errors.push({ field: 'email', message: req.t('validation.email.taken') });
      }
    }
    // The summary follows the fields' order on the page (the DTO lists inherited fields after its own).
    const order = ['name', 'email', 'role', 'password'];
    errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    res.status(400).render('admin/account-new', this.newView(req, value, errors));
  }

  private newView(req: Request, value: Partial<CreateStaffForm>, errors: FieldError[]) {
    return {
      pageTitle: req.t('adminAccounts.newTitle'),
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      name: value.name ?? '',
      email: value.email ?? '',
      minLength: PASSWORD_MIN_LENGTH,
      backLink: { href: '/admin/accounts', text: req.t('common.back') },
      roleItems: ROLES.map((r) => ({ value: r, text: req.t(`role.${r}`), hint: req.t(`role.${r}.hint`), checked: value.role === r })),
    };
  }

  /** One account and its complete timeline: what it did and what was done to it. */
  @Get(':id')
  @Render('admin/account')
  async account(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string, @Query('before') before?: string) {
    const account = await this.accounts.findById(id);
    if (!account) throw new DomainError('account.not_found');
    const cursor = before && /^\d{1,15}$/.test(before) ? { before: Number(before) } : {};
    const [page, tokens] = await Promise.all([this.events.page({ involving: id }, cursor, 100), this.tokens.list(id)]);
    const last = page.rows[page.rows.length - 1];
    return {
      pageTitle: account.name,
      backLink: { href: '/admin/accounts', text: req.t('common.back') },
      account: { id: account.id, email: account.email, active: account.status === 'active', isSelf: account.id === req.user?.id },
      rows: [
        { key: req.t('field.fullName'), value: account.name },
        { key: req.t('field.email'), value: account.email },
        { key: req.t('account.role'), value: req.t(`role.${account.role}`) },
        { key: req.t('adminAccounts.status'), value: req.t(`accountStatus.${account.status}`) },
        { key: req.t('adminAccounts.createdAt'), value: formatDateTime(account.createdAt, req.locale) },
        {
          key: req.t('adminAccounts.lastLogin'),
          value: account.lastLoginAt ? formatDateTime(account.lastLoginAt, req.locale) : req.t('adminAccounts.never'),
        },
      ],
      tokens: tokenRows(tokens, req),
      events: page.rows.map((row) => auditRowView(row, req)),
      olderHref: page.hasOlder && last ? `/admin/accounts/${id}?before=${last.seq}` : undefined,
    };
  }

  /** An administrator revokes any of an account's API tokens (one of another account's answers not found). */
  @Post(':id/api-tokens/:tokenId/revoke')
  async revokeToken(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('tokenId') tokenId: string,
  ): Promise<void> {
    const { revoked, token } = await this.tokens.revoke(actorOf(req), tokenId, id);
    const name = token.label ?? req.t('apiTokens.noName');
    req.session.flash = { type: 'success', message: req.t(revoked ? 'apiTokens.revoked' : 'apiTokens.alreadyRevoked', { name }) };
    res.redirect(303, `/admin/accounts/${id}`);
  }

  @Post(':id/disable')
  async disable(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.accountStatus.disable(actorOf(req), id);
    req.session.flash = { type: 'success', message: req.t('adminAccounts.disabled') };
    res.redirect(303, '/admin/accounts');
  }

  @Post(':id/enable')
  async enable(@Req() req: Request, @Res() res: Response, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.accountStatus.enable(actorOf(req), id);
    req.session.flash = { type: 'success', message: req.t('adminAccounts.enabled') };
    res.redirect(303, '/admin/accounts');
  }
}
