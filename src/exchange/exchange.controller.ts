import { Controller, Get, Headers, Param, Query, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public, Roles } from '../common/http/access.decorators';
import { formatDateTime } from '../common/views/view-engine';
import { ExchangeRepository } from './exchange.repository';
import { ExchangeService } from './exchange.service';
import { queryInteger } from '../common/http/query-integer';

@Controller()
export class ExchangeController {
  constructor(
    private readonly exchange: ExchangeService,
    private readonly states: ExchangeRepository,
  ) {}

  /** Bearer-token API for the receiving departments (no session, no CSRF: it only reads). */
  @Public()
  @Get('api/v1/exchange/:department/events')
  events(
    @Req() req: Request,
    @Param('department') department: string,
    @Headers('authorization') authorization?: string,
    @Query('after') after?: unknown,
    @Query('limit') limit?: unknown,
  ) {
    const cursor = queryInteger('after', after, { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
    const size = queryInteger('limit', limit, { min: 1, max: 500, fallback: 100 });
    return this.exchange.fetch(department, authorization, cursor, size, req.ip ?? null);
  }

  @Roles('admin')
  @Get('admin/exchange')
  @Render('admin/exchange')
  async page(@Req() req: Request) {
    const states = await this.states.states();
    return {
      pageTitle: req.t('exchange.title'),
      rows: states.map((s) => ({
        name: req.locale === 'zh-CN' ? s.nameZh : s.nameEn,
        key: s.key,
        token: s.hasToken
          ? req.t('exchange.tokenSince', { date: s.tokenCreatedAt ? formatDateTime(s.tokenCreatedAt, req.locale) : '' })
          : req.t('exchange.noToken'),
        total: s.total,
        fetched: s.fetchedId,
        acknowledged: s.acknowledgedId,
        pending: s.pending,
        lastFetch: s.lastFetchAt ? formatDateTime(s.lastFetchAt, req.locale) : req.t('adminAccounts.never'),
      })),
    };
  }
}
