import { parseArgs } from 'node:util';
import { isCalendarDate } from '../statistics/domain/summary';
import { StatisticsService } from '../statistics/statistics.service';
import { chinaDate } from '../review/domain/sla';
import type { CliCommand } from './cli-command';

export const statsSummaryCommand: CliCommand = {
  name: 'stats:summary',
  summary: 'The reported figures (market players, small and micro enterprises by sector, growth) as of a date.',
  usage: 'stats:summary [--as-of YYYY-MM-DD] [--json]',
  needsDatabase: true,
  async run(args, io, app) {
    const { values } = parseArgs({ args, options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } }, strict: true });
    const asOf = values['as-of'] ?? chinaDate(new Date());
    if (!isCalendarDate(asOf)) {
      io.err(`--as-of must be a real date written YYYY-MM-DD (got "${asOf}")`);
      return 2;
    }
    const summary = await app!.get(StatisticsService).summary(asOf);
    if (values.json) {
      io.out(JSON.stringify(summary));
      return 0;
    }
    const growth = summary.newSmallAndMicro.growthPercent;
    io.out(`As of ${summary.asOf}`);
    io.out(`  market players                  ${summary.marketPlayers}`);
    io.out(
      `  small and micro enterprises     ${summary.smallAndMicro.count} (${summary.smallAndMicro.sharePercent.toFixed(1)}% of market players)`,
    );
    for (const s of summary.smallAndMicroBySector) io.out(`    ${s.sector.padEnd(28)}  ${s.count}`);
    io.out(
      `  new small and micro this year    ${summary.newSmallAndMicro.count} (same period last year ${summary.newSmallAndMicro.samePeriodLastYear}, ${growth === null ? 'no growth figure' : `${growth > 0 ? '+' : ''}${growth.toFixed(1)}%`})`,
    );
    return 0;
  },
};
