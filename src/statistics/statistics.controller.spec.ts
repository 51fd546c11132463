import type { Request, Response } from 'express';
import { StatisticsController } from './statistics.controller';
import type { StatisticsRepository } from './statistics.repository';
import type { StatisticsService } from './statistics.service';

/** The dashboard's figures as the service gives them: a fall on last year, hours with many decimals. */
const DASHBOARD = {
  summary: {
    asOf: '2025-06-15',
    marketPlayers: 900,
    smallAndMicro: { count: 639, sharePercent: 71 },
    smallAndMicroBySector: [{ sector: 'it' as const, count: 639 }],
    newSmallAndMicro: { count: 90, samePeriodLastYear: 120, growthPercent: -25 },
  },
  months: [{ month: '2025-06', all: 12, smallAndMicro: 7 }],
  times: { decided: 3, averageHours: 26.333333333333332, p90Hours: 47.96 },
  statuses: [{ status: 'approved', count: 3 }],
};

async function csv(table: string, dashboard: unknown = DASHBOARD): Promise<string[]> {
  const service = { dashboard: () => Promise.resolve(dashboard) } as unknown as StatisticsService;
  const controller = new StatisticsController(service, {} as StatisticsRepository);
  let body = '';
  const res = {
    setHeader: () => res,
    status: () => res,
    type: () => res,
    send: (text: string) => {
      body = text;
      return res;
    },
  };
  await controller.csv({ path: `/statistics/${table}.csv` } as Request, res as unknown as Response, '2025-06-15');
  expect(body.startsWith('\ufeff')).toBe(true);
  return body.slice(1).split('\r\n');
}

describe('statistics CSV', () => {
  it('writes numbers as numbers, percentages and hours to one decimal as the dashboard does', async () => {
    expect(await csv('summary')).toEqual([
      'as_of,market_players,small_and_micro,share_percent,new_small_and_micro,same_period_last_year,growth_percent,decided,average_hours,p90_hours',
      '2025-06-15,900,639,71.0,90,120,-25.0,3,26.3,48.0',
      '',
    ]);
  });

  it('leaves a figure that does not exist empty', async () => {
    const none = {
      ...DASHBOARD,
      summary: { ...DASHBOARD.summary, newSmallAndMicro: { count: 4, samePeriodLastYear: 0, growthPercent: null } },
      times: { decided: 0, averageHours: null, p90Hours: null },
    };
    expect((await csv('summary', none))[1]).toBe('2025-06-15,900,639,71.0,4,0,,0,,');
  });

  it('writes the other tables with their counts as numbers and their text behind the formula guard', async () => {
    expect(await csv('sectors')).toEqual([
      'sector,name_zh,name_en,small_and_micro',
      'it,信息传输、软件和信息技术服务业,"Information transmission, software and information technology services",639',
      '',
    ]);
    expect(await csv('months')).toEqual(['month,registrations,new_small_and_micro', '2025-06,12,7', '']);
    expect(await csv('statuses')).toEqual(['status,applications', 'approved,3', '']);
  });
});
