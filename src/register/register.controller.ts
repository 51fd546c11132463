import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { Public } from '../common/http/access.decorators';
import { ServedByPublicLane, type Localised, type PublicRequest } from '../common/http/public-page';
import { RateLimiterService } from '../common/rate-limit/rate-limiter.service';
import { throttlePublic } from '../common/rate-limit/throttle';
import { normaliseCreditCode } from '../credit-codes/domain';
import { enterpriseRows } from '../licences/licence-view';
import { LicencesRepository, SEARCH_MATCH_LIMIT, type EnterpriseRow } from '../licences/licences.repository';
import { formatCalendarDate } from '../common/text/calendar-date';

const PAGE_SIZE = 20;
// A search counts at most SEARCH_MATCH_LIMIT matches: the pages end where they do.
const LAST_PAGE = Math.ceil(SEARCH_MATCH_LIMIT / PAGE_SIZE);

/** The public register: search by name or code, and each enterprise's public record. */
@Controller('register')
@Public()
export class RegisterController {
  constructor(
    private readonly licences: LicencesRepository,
    private readonly limiter: RateLimiterService,
  ) {}

  @Get()
  @Render('register/search')
  @ServedByPublicLane()
  async search(@Req() req: PublicRequest, @Query('q') q?: string, @Query('page') pageParam?: string) {
    const query = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const page = Math.max(1, Math.min(LAST_PAGE, Number(pageParam) || 1));
    if (query === '') return { pageTitle: req.t('register.title'), q: '', searched: false };
    await throttlePublic(this.limiter, req);
    const { rows, total, capped } = await this.licences.search(query, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const link = (p: number) => `/register?${new URLSearchParams({ q: query, page: String(p) }).toString()}`;
    return {
      pageTitle: req.t('register.title'),
      q: query,
      searched: true,
      total,
      summary: capped
        ? req.t('register.foundMoreThan', { count: total.toLocaleString('en'), q: query })
        : req.t(total === 1 ? 'register.foundOne' : 'register.found', { count: total, q: query }),
      rows: rows.map((e) => publicSummary(e, req)),
      pagination: {
        previous: page > 1 ? { href: link(page - 1), text: req.t('component.pagination.previous') } : undefined,
        next: page * PAGE_SIZE < total ? { href: link(page + 1), text: req.t('component.pagination.next') } : undefined,
      },
    };
  }

  @Get(':code')
  @Render('register/enterprise')
  @ServedByPublicLane()
  async enterprise(@Req() req: PublicRequest, @Param('code') code: string) {
    const enterprise = await this.licences.enterpriseByCode(normaliseCreditCode(code).slice(0, 18));
    if (!enterprise) throw new DomainError('licence.not_found');
    return {
      pageTitle: enterprise.name,
      backLink: { href: '/register', text: req.t('register.title') },
      enterprise: publicSummary(enterprise, req),
      rows: enterpriseRows(enterprise, req, { withName: false }),
    };
  }
}

function publicSummary(e: EnterpriseRow, req: Localised) {
  return {
    code: e.code,
    name: e.name,
    type: req.t(`entityType.${e.entityType}`),
    established: formatCalendarDate(e.establishedOn, req.locale),
    status: req.t(`enterprise.status.${e.status}`),
  };
}
