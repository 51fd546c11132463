import { Injectable } from '@nestjs/common';
import { buildSummary, isCalendarDate, type StatsSummary } from './domain/summary';
import { StatisticsRepository } from './statistics.repository';
import { DomainError } from '../common/errors/domain-error';

/** The figures the authority reports, computed from the register for any date. */
@Injectable()
export class StatisticsService {
  constructor(private readonly statistics: StatisticsRepository) {}

  async summary(asOf: string): Promise<StatsSummary> {
    if (!isCalendarDate(asOf)) throw new DomainError('statistics.bad_date', { value: asOf });
    return buildSummary(await this.statistics.summaryCounts(asOf));
  }

  async dashboard(asOf: string) {
    const [summary, months, times, statuses] = await Promise.all([
      this.summary(asOf),
      this.statistics.registrationsPerMonth(asOf),
      this.statistics.decisionTimes(asOf),
      this.statistics.applicationsByStatus(),
    ]);
    return { summary, months, times, statuses };
  }
}
