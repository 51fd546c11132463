import { Body, Controller, Get, HttpCode, Param, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { FieldError } from '../common/forms/form';
import { fieldErrors } from '../common/forms/form';
import { actorOf } from '../common/http/actor';
import { containsUnsafeCharacters } from '../common/text/unsafe-characters';
import { formatDateTime } from '../common/views/view-engine';
import { ApiTokensService } from './api-tokens.service';
import type { TokenRow } from './govstack.repository';

export const TOKEN_EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
const MAX_NAME = 100;

/** The token table's rows, for the account page and the administrators' account page. */
export function tokenRows(tokens: TokenRow[], req: Request) {
  const date = (d: Date | null, none: string) => (d ? formatDateTime(d, req.locale) : req.t(none));
  return tokens.map((t) => {
    const state = t.revokedAt ? 'revoked' : t.expired ? 'expired' : 'active';
    return {
      id: t.id,
      name: t.label ?? req.t('apiTokens.noName'),
      created: formatDateTime(t.createdAt, req.locale),
      lastUsed: date(t.lastUsedAt, 'apiTokens.never'),
      expires: date(t.expiresAt, 'apiTokens.noExpiry'),
      status: req.t(`apiTokens.status.${state}`),
      tag: state === 'active' ? 'approved' : state === 'expired' ? 'other' : 'rejected',
      active: state !== 'revoked',
    };
  });
}

/**
 * The signed-in person's own personal API tokens (listed on the account page): create one (shown once) and
 * revoke one. Someone else's token answers "not found", and the attempt is audited.
 */
@Controller('account/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get('new')
  @Render('auth/api-token-new')
  newToken(@Req() req: Request) {
    return this.formView(req, { name: '', expiry: '90' }, []);
  }

  @Post()
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @Body() body: unknown): Promise<void> {
    const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const name = typeof b['name'] === 'string' ? b['name'].trim() : '';
    const expiry = typeof b['expiry'] === 'string' ? b['expiry'] : '';
    const errors: FieldError[] = [];
    if (name === '') errors.push({ field: 'name', message: req.t('apiTokens.error.name.missing') });
    else if (name.length > MAX_NAME) errors.push({ field: 'name', message: req.t('apiTokens.error.name.long') });
    else if (containsUnsafeCharacters(name)) errors.push({ field: 'name', message: req.t('validation.unsafe_characters') });
    if (!(TOKEN_EXPIRY_CHOICES as readonly string[]).includes(expiry))
      errors.push({ field: 'expiry', message: req.t('apiTokens.error.expiry.choose') });
    if (errors.length > 0) {
      res.status(400).render('auth/api-token-new', this.formView(req, { name, expiry }, errors));
      return;
    }
    const expiresAt = expiry === 'never' ? null : new Date(Date.now() + Number(expiry) * 86_400_000);
    const created = await this.tokens.createFor(actorOf(req), req.user!.id, name, expiresAt);
    // Rendered, not redirected: the token is shown this once and never stored anywhere but as its hash.
    res.setHeader('Cache-Control', 'no-store');
    res.render('auth/api-token-created', {
      pageTitle: req.t('apiTokens.createdTitle'),
      token: created.token,
      name,
      rows: [
        {
          key: req.t('apiTokens.column.expires'),
          value: created.expiresAt ? formatDateTime(created.expiresAt, req.locale) : req.t('apiTokens.noExpiry'),
        },
      ],
    });
  }

  @Post(':tokenId/revoke')
  async revoke(@Req() req: Request, @Res() res: Response, @Param('tokenId') tokenId: string): Promise<void> {
    const { revoked, token } = await this.tokens.revoke(actorOf(req), tokenId, req.user!.id);
    const name = token.label ?? req.t('apiTokens.noName');
    req.session.flash = { type: 'success', message: req.t(revoked ? 'apiTokens.revoked' : 'apiTokens.alreadyRevoked', { name }) };
    res.redirect(303, '/account');
  }

  private formView(req: Request, values: { name: string; expiry: string }, errors: FieldError[]) {
    return {
      pageTitle: req.t('apiTokens.newTitle'),
      backLink: { href: '/account', text: req.t('common.back') },
      hasErrors: errors.length > 0,
      errors,
      fieldErrors: fieldErrors(errors),
      name: values.name,
      expiryItems: TOKEN_EXPIRY_CHOICES.map((value) => ({
        value,
        text: req.t(`apiTokens.expiry.${value}`),
        checked: values.expiry === value,
      })),
    };
  }
}
