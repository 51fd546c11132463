import { Injectable } from '@nestjs/common';
import { invalidRequest } from './govstack-error.filter';
import { GovstackRepository, type Timeframe } from './govstack.repository';

export interface StatisticsQuery {
  startDate?: string;
  endDate?: string;
  registrationName?: string;
  operator?: string;
  role?: string;
  timeframe?: string;
}

export interface StatisticsItem {
  processed: number;
  approved: number;
  sentBack: number;
  rejected: number;
  references: {
    startDate: string | null;
    endDate: string | null;
    registrationName: string | null;
    operator: string | null;
    role: string | null;
    timeframeDay: boolean;
    timeframeWeek: boolean;
    timeframeMonth: boolean;
    timeframeYear: boolean;
  };
}

const TIMEFRAMES: readonly Timeframe[] = ['day', 'week', 'month', 'year'];
const ROLES = ['reviewer', 'admin'];

/**
 * Reviewers' decisions as the statistics API reports them: processed (= approved + sent back + rejected)
 * per day, ISO week, month or year in Beijing time, or for the whole range without a timeframe. A filter
 * naming nothing that exists finds nothing (200, []); a malformed one is refused (400).
 */
@Injectable()
export class GovstackStatisticsService {
  constructor(private readonly repository: GovstackRepository) {}

  async statistics(query: StatisticsQuery): Promise<StatisticsItem[]> {
    const from = date('startDate', query.startDate);
    const to = date('endDate', query.endDate);
    if (from && to && from > to) throw invalidRequest('startDate must not be after endDate.');
    const timeframe = query.timeframe;
    if (timeframe !== undefined && !(TIMEFRAMES as readonly string[]).includes(timeframe)) {
      throw invalidRequest(`timeframe must be one of ${TIMEFRAMES.join(', ')}.`);
    }
    let entityTypes: string[] | undefined;
    if (query.registrationName !== undefined) {
      const services = await this.repository.services(query.registrationName);
      if (services.length === 0) return [];
      entityTypes = services.flatMap((s) => s.entityTypes);
    }
    const role = query.role?.toLowerCase();
    if (role !== undefined && !ROLES.includes(role)) return [];
    const rows = await this.repository.statistics({
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(entityTypes ? { entityTypes } : {}),
      ...(query.operator !== undefined ? { operator: query.operator } : {}),
      ...(role ? { role } : {}),
      ...(timeframe ? { timeframe: timeframe as Timeframe } : {}),
    });
    return rows.map((r) => ({
      processed: r.approved + r.sentBack + r.rejected,
      approved: r.approved,
      sentBack: r.sentBack,
      rejected: r.rejected,
      references: {
        startDate: r.periodStart ?? from ?? null,
        endDate: r.periodEnd ?? to ?? null,
        registrationName: query.registrationName ?? null,
        operator: query.operator ?? null,
        role: query.role ?? null,
        timeframeDay: timeframe === 'day',
        timeframeWeek: timeframe === 'week',
        timeframeMonth: timeframe === 'month',
        timeframeYear: timeframe === 'year',
      },
    }));
  }
}

function date(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const parsed = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!parsed || parsed.toISOString().slice(0, 10) !== value) throw invalidRequest(`${name} must be a date, YYYY-MM-DD.`);
  return value;
}
