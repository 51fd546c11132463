import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DISTRICTS } from '../applications/domain/districts';
import { csvCell, csvNumber } from '../audit/audit-view';
import { Roles } from '../common/http/access.decorators';
import { SECTOR_KEYS, SECTOR_NAMES, type SectorKey } from '../reference/industry-classification';
import { chinaDate } from '../review/domain/sla';
import { barChart } from './bar-chart';
import { isCalendarDate } from './domain/summary';
import { StatisticsRepository, type DirectoryFilter } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { formatCalendarDate, formatCalendarMonth } from '../common/text/calendar-date';

const TABLES = ['summary', 'sectors', 'months', 'statuses'] as const;
const DIRECTORY_PAGE = 50;

/** Administrators' (and reviewers', read-only) dashboard and the small and micro enterprise directory. */
@Controller('statistics')
@Roles('admin', 'reviewer')
export class StatisticsController {
  constructor(
    private readonly service: StatisticsService,
    private readonly repository: StatisticsRepository,
  ) {}

  @Get()
  @Render('statistics/dashboard')
  async dashboard(@Req() req: Request, @Query('asOf') asOfParam?: string) {
    const invalid = asOfParam !== undefined && asOfParam !== '' && !isCalendarDate(asOfParam);
    const asOf = asOfParam && !invalid ? asOfParam : chinaDate(new Date());
    const { summary, months, times, statuses } = await this.service.dashboard(asOf);
    const sectorName = (key: SectorKey) => SECTOR_NAMES[key][req.locale === 'zh-CN' ? 'zh' : 'en'];
    const sectorRows = summary.smallAndMicroBySector.map((s) => ({ label: sectorName(s.sector), value: s.count }));
    const growth = summary.newSmallAndMicro.growthPercent;
    return {
      pageTitle: req.t('stats.title'),
      hasErrors: invalid,
      errors: invalid ? [{ field: 'asOf', message: req.t('stats.badDate') }] : [],
      asOf,
      asOfText: formatCalendarDate(asOf, req.locale),
      asOfError: invalid ? req.t('stats.badDate') : undefined,
      summary,
      share: `${summary.smallAndMicro.sharePercent.toFixed(1)}%`,
      growthText: growth === null ? req.t('stats.noGrowth') : `${growth > 0 ? '+' : ''}${growth.toFixed(1)}%`,
      sectorRows,
      sectorChart: barChart(sectorRows),
      months: months.map((m) => ({ ...m, monthText: formatCalendarMonth(m.month, req.locale) })),
      monthChart: barChart(
        months.map((m) => ({ label: formatCalendarMonth(m.month, req.locale), value: m.all })),
        { labelWidth: 130 },
      ),
      times: {
        decided: times.decided,
        average: times.averageHours === null ? '—' : req.t('stats.hours', { hours: times.averageHours.toFixed(1) }),
        p90: times.p90Hours === null ? '—' : req.t('stats.hours', { hours: times.p90Hours.toFixed(1) }),
      },
      statuses: statuses.map((s) => ({ status: s.status, text: req.t(`component.tag.${s.status}`), count: s.count })),
      csv: Object.fromEntries(TABLES.map((t) => [t, `/statistics/${t}.csv?asOf=${asOf}`])),
    };
  }

  @Get(TABLES.map((t) => `${t}.csv`))
  async csv(@Req() req: Request, @Res() res: Response, @Query('asOf') asOfParam?: string): Promise<void> {
    const table = req.path.slice('/statistics/'.length, -'.csv'.length);
    const asOf = asOfParam && isCalendarDate(asOfParam) ? asOfParam : chinaDate(new Date());
    const { summary, months, times, statuses } = await this.service.dashboard(asOf);
    // Counts as whole numbers; percentages and hours to one decimal, as the dashboard shows them.
    const tenths = (value: number | null) => csvNumber(value, 1);
    const rows: string[][] =
      table === 'summary'
        ? [
            [
              'as_of',
              'market_players',
              'small_and_micro',
              'share_percent',
              'new_small_and_micro',
              'same_period_last_year',
              'growth_percent',
              'decided',
              'average_hours',
              'p90_hours',
            ].map(csvCell),
            [
              csvCell(asOf),
              csvNumber(summary.marketPlayers),
              csvNumber(summary.smallAndMicro.count),
              tenths(summary.smallAndMicro.sharePercent),
              csvNumber(summary.newSmallAndMicro.count),
              csvNumber(summary.newSmallAndMicro.samePeriodLastYear),
              tenths(summary.newSmallAndMicro.growthPercent),
              csvNumber(times.decided),
              tenths(times.averageHours),
              tenths(times.p90Hours),
            ],
          ]
        : table === 'sectors'
          ? [
              ['sector', 'name_zh', 'name_en', 'small_and_micro'].map(csvCell),
              ...summary.smallAndMicroBySector.map((s) => [
                csvCell(s.sector),
                csvCell(SECTOR_NAMES[s.sector].zh),
                csvCell(SECTOR_NAMES[s.sector].en),
                csvNumber(s.count),
              ]),
            ]
          : table === 'months'
            ? [
                ['month', 'registrations', 'new_small_and_micro'].map(csvCell),
                ...months.map((m) => [csvCell(m.month), csvNumber(m.all), csvNumber(m.smallAndMicro)]),
              ]
            : table === 'statuses'
              ? [['status', 'applications'].map(csvCell), ...statuses.map((s) => [csvCell(s.status), csvNumber(s.count)])]
              : [];
    if (rows.length === 0) {
      res.status(404).type('text/plain').send('No such table');
      return;
    }
    sendCsv(res, `${table}-${asOf}.csv`, rows);
  }

  @Get('directory')
  @Render('statistics/directory')
  async directory(@Req() req: Request, @Query() query: Record<string, unknown>) {
    const { filter, echo } = directoryFilter(query);
    const afterAt = typeof query['afterAt'] === 'string' && isCalendarDate(query['afterAt']) ? query['afterAt'] : undefined;
    const afterId = typeof query['afterId'] === 'string' && /^[0-9a-f-]{36}$/.test(query['afterId']) ? query['afterId'] : undefined;
    const rows = await this.repository.directory(
      filter,
      afterAt && afterId ? { establishedOn: afterAt, id: afterId } : undefined,
      DIRECTORY_PAGE + 1,
    );
    const page = rows.slice(0, DIRECTORY_PAGE);
    const last = page[page.length - 1];
    const zh = req.locale === 'zh-CN';
    return {
      pageTitle: req.t('directory.title'),
      values: echo,
      rows: page.map((r) => ({
        ...r,
        sectorName: SECTOR_NAMES[r.sector as SectorKey]?.[zh ? 'zh' : 'en'] ?? r.sector,
        sizeName: req.t(`size.${r.sizeClass}`),
        districtName: DISTRICTS.find((d) => d.code === r.district)?.[zh ? 'zh' : 'en'] ?? r.district,
        established: formatCalendarDate(r.establishedOn, req.locale),
      })),
      sectorItems: [{ value: '', text: req.t('review.filter.anySector'), selected: !echo['sector'] }].concat(
        SECTOR_KEYS.map((k) => ({ value: k, text: SECTOR_NAMES[k][zh ? 'zh' : 'en'], selected: echo['sector'] === k })),
      ),
      sizeItems: [{ value: '', text: req.t('directory.anySize'), selected: !echo['size'] }].concat(
        ['small', 'micro'].map((s) => ({ value: s, text: req.t(`size.${s}`), selected: echo['size'] === s })),
      ),
      districtItems: [{ value: '', text: req.t('review.filter.anyDistrict'), selected: !echo['district'] }].concat(
        DISTRICTS.map((d) => ({ value: d.code, text: zh ? d.zh : d.en, selected: echo['district'] === d.code })),
      ),
      csvHref: `/statistics/directory.csv?${new URLSearchParams(echo).toString()}`,
      next:
        rows.length > DIRECTORY_PAGE && last
          ? {
              href: `/statistics/directory?${new URLSearchParams({ ...echo, afterAt: last.establishedOn, afterId: last.id }).toString()}`,
              text: req.t('review.nextPage'),
            }
          : undefined,
    };
  }

  /** The whole filtered directory, streamed in pages. */
  @Get('directory.csv')
  async directoryCsv(@Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const { filter } = directoryFilter(query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="small-and-micro-enterprises.csv"');
    res.write('\ufeffcredit_code,name,sector,size,district,industry_class,employees,established_on\r\n');
    let after: { establishedOn: string; id: string } | undefined;
    for (;;) {
      const rows = await this.repository.directory(filter, after, 2000);
      if (rows.length === 0) break;
      const chunk = rows
        .map(
          (r) =>
            [r.code, r.name, r.sector, r.sizeClass, r.district, r.industryClass, r.employees, r.establishedOn].map(csvCell).join(',') +
            '\r\n',
        )
        .join('');
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      const last = rows[rows.length - 1];
      after = { establishedOn: last.establishedOn, id: last.id };
    }
    res.end();
  }
}

function directoryFilter(query: Record<string, unknown>): { filter: DirectoryFilter; echo: Record<string, string> } {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name].trim() : '');
  const echo: Record<string, string> = {};
  const filter: DirectoryFilter = {};
  const sector = text('sector');
  if ((SECTOR_KEYS as readonly string[]).includes(sector)) filter.sector = echo['sector'] = sector;
  const size = text('size');
  if (size === 'small' || size === 'micro') filter.size = echo['size'] = size;
  const district = text('district');
  if (DISTRICTS.some((d) => d.code === district)) filter.district = echo['district'] = district;
  const from = text('from');
  if (isCalendarDate(from)) filter.from = echo['from'] = from;
  const to = text('to');
  if (isCalendarDate(to)) filter.to = echo['to'] = to;
  const q = text('q').slice(0, 100);
  if (q) filter.q = echo['q'] = q;
  return { filter, echo };
}

/** Rows of cells already written by csvCell (text) or csvNumber (numbers). */
function sendCsv(res: Response, fileName: string, rows: string[][]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.send('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
}
