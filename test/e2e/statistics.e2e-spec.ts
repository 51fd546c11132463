import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'pg';
import { buildSummary, tallyCounts } from '../../src/statistics/domain/summary';
import type { SectorKey } from '../../src/reference/industry-classification';
import { createDataSource } from '../../src/database/data-source';
import { StatisticsRepository } from '../../src/statistics/statistics.repository';
import { StatisticsService } from '../../src/statistics/statistics.service';
import { signedIn } from '../support/accounts';
import { createDatabase, startTestPortal, withClient, type TestPortal } from '../support/test-portal';

jest.setTimeout(240_000);

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
const REPORTED = join(__dirname, '..', 'fixtures', 'seed-figures.json');

function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      [CLI, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, timeout: 200_000 },
      (error, stdout, stderr) => resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
}

/** The summary's counts, recounted from the enterprise rows themselves rather than from enterprise_daily_count. */
async function recount(db: Client, asOf: string) {
  const players = await db.query<{ established_on: string; small: boolean; sector: SectorKey }>(
    `SELECT to_char(established_on, 'YYYY-MM-DD') AS established_on, is_enterprise AND small_or_micro AS small, sector
       FROM enterprise WHERE status = 'active'`,
  );
  return tallyCounts(
    players.rows.map((r) => ({ establishedOn: r.established_on, isSmallOrMicro: r.small, sector: r.sector })),
    asOf,
  );
}

/** Every row of enterprise_daily_count with a count, beside the same grouping done over the active enterprises. */
async function dailyCountsAndRecount(db: Client): Promise<{ kept: string[]; recounted: string[] }> {
  const key = `to_char(day, 'YYYY-MM-DD') || ' ' || sector || ' ' || is_enterprise || ' ' || small_or_micro || ' ' || count`;
  const kept = await db.query<{ row: string }>(`SELECT ${key} AS row FROM enterprise_daily_count WHERE count > 0 ORDER BY 1`);
  const recounted = await db.query<{ row: string }>(
    `SELECT ${key} AS row FROM (
       SELECT established_on AS day, coalesce(sector, 'unknown') AS sector, is_enterprise, small_or_micro, count(*) AS count
         FROM enterprise WHERE status = 'active' GROUP BY 1, 2, 3, 4) AS r ORDER BY 1`,
  );
  return { kept: kept.rows.map((r) => r.row), recounted: recounted.rows.map((r) => r.row) };
}

describe('statistics as the authority reports them', () => {
  let test: TestPortal;

  beforeAll(async () => {
    test = await startTestPortal();
  });

  afterAll(async () => {
    await test.close();
  });

  it('seeds the reported figures through the real issuance and reports them exactly, in the CLI and on the dashboard', async () => {
    const seeded = await cli(['demo:seed', '--spec', REPORTED, '--json'], test.databaseUrl);
    expect(seeded.stderr).toBe('');
    expect(JSON.parse(seeded.stdout)).toMatchObject({ created: 14592 });
    const summary = await cli(['stats:summary', '--as-of', '2016-09-30', '--json'], test.databaseUrl);
    expect(JSON.parse(summary.stdout)).toEqual({
      asOf: '2016-09-30',
      marketPlayers: 14592,
      smallAndMicro: { count: 10360, sharePercent: 71.0 },
      smallAndMicroBySector: [
        { sector: 'wholesale_retail', count: 4899 },
        { sector: 'industry', count: 1052 },
        { sector: 'transport', count: 855 },
        { sector: 'leasing_business', count: 820 },
        { sector: 'it', count: 640 },
        { sector: 'real_estate', count: 510 },
        { sector: 'research', count: 480 },
        { sector: 'construction', count: 420 },
        { sector: 'accommodation_catering', count: 390 },
        { sector: 'resident_services', count: 294 },
      ],
      newSmallAndMicro: { count: 5384, samePeriodLastYear: 3077, growthPercent: 75.0 },
    });

    const { client } = await signedIn(test, 'admin');
    const dashboard = await client.get('/statistics?asOf=2016-09-30');
    expect(dashboard.status).toBe(200);
    for (const figure of ['14592', '10360', '71.0%', '4899', '1052', '855', '5384', '3077', '+75.0%'])
      expect(dashboard.html).toContain(figure);
    expect(dashboard.html).toContain('<svg class="app-chart__svg"');
    const csv = await client.get('/statistics/sectors.csv?asOf=2016-09-30');
    expect(csv.html).toContain('wholesale_retail,批发和零售业');
    expect(csv.html.split('\r\n')[1]).toBe('wholesale_retail,批发和零售业,Wholesale and retail trade,4899');
    // Numbers as numbers, percentages to one decimal as on the dashboard.
    const summaryCsv = (await client.get('/statistics/summary.csv?asOf=2016-09-30')).html.split('\r\n');
    expect(summaryCsv[1]).toBe('2016-09-30,14592,10360,71.0,5384,3077,75.0,7310,0.0,0.0');
    // A fall is a negative number, not text behind the formula guard ('-100).
    const fall = (await client.get('/statistics/summary.csv?asOf=2017-03-31')).html.split('\r\n');
    expect(fall[1]).toMatch(/^2017-03-31,\d+,\d+,\d+\.\d,0,1832,-100\.0,\d+,\d+\.\d,\d+\.\d$/);
    const months = (await client.get('/statistics/months.csv?asOf=2016-09-30')).html.split('\r\n');
    expect(months[0]).toBe('month,registrations,new_small_and_micro');
    expect(months[12]).toMatch(/^2016-09,\d+,\d+$/);
    const directory = await client.get('/statistics/directory?sector=transport&size=micro');
    expect(directory.status).toBe(200);
    const verify = await cli(['audit:verify'], test.databaseUrl);
    expect(verify.code).toBe(0);
    const again = await cli(['demo:seed', '--spec', REPORTED], test.databaseUrl);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds 14592 enterprises');
  });

  it('gives another spec, with a fall on last year, its own figures exactly', async () => {
    const url = await createDatabase(process.env['TEST_DATABASE_URL']!);
    const spec = join(tmpdir(), `spec-${process.pid}.json`);
    writeFileSync(
      spec,
      JSON.stringify({
        asOf: '2025-06-15',
        marketPlayers: 900,
        smallAndMicro: 600,
        smallAndMicroBySector: { it: 250, wholesale_retail: 200, construction: 150 },
        newSmallAndMicro: 90,
        newSmallAndMicroSamePeriodLastYear: 120,
      }),
    );
    expect((await cli(['demo:seed', '--spec', spec], url)).code).toBe(0);
    const summary = JSON.parse((await cli(['stats:summary', '--as-of', '2025-06-15', '--json'], url)).stdout) as Record<string, unknown>;
    expect(summary).toEqual({
      asOf: '2025-06-15',
      marketPlayers: 900,
      smallAndMicro: { count: 600, sharePercent: 66.7 },
      smallAndMicroBySector: [
        { sector: 'it', count: 250 },
        { sector: 'wholesale_retail', count: 200 },
        { sector: 'construction', count: 150 },
      ],
      newSmallAndMicro: { count: 90, samePeriodLastYear: 120, growthPercent: -25.0 },
    });
  });

  it('refuses an inconsistent spec with the reason', async () => {
    const spec = join(tmpdir(), `bad-spec-${process.pid}.json`);
    writeFileSync(
      spec,
      JSON.stringify({
        asOf: '2025-06-15',
        marketPlayers: 10,
        smallAndMicro: 20,
        smallAndMicroBySector: { it: 20 },
        newSmallAndMicro: 1,
        newSmallAndMicroSamePeriodLastYear: 1,
      }),
    );
    const result = await cli(['demo:seed', '--spec', spec], test.databaseUrl);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/smallAndMicro .*20.* marketPlayers .*10/);
  });

  it('moves the counts when an enterprise is revoked, deregistered, reclassified, moved or deleted, and reports what a recount gives', async () => {
    // Its own register: the first test's figures stay as seeded. The dashboard's figures are read through the
    // statistics service on this database (a second portal in this process would share passport's sign-in).
    const url = await createDatabase(process.env['TEST_DATABASE_URL']!);
    const dataSource = createDataSource(url, 1);
    try {
      const asOf = '2025-06-15';
      const spec = join(tmpdir(), `change-spec-${process.pid}.json`);
      writeFileSync(
        spec,
        JSON.stringify({
          asOf,
          marketPlayers: 40,
          smallAndMicro: 30,
          smallAndMicroBySector: { it: 20, construction: 10 },
          newSmallAndMicro: 12,
          newSmallAndMicroSamePeriodLastYear: 6,
        }),
      );
      expect((await cli(['demo:seed', '--spec', spec], url)).code).toBe(0);
      const summaryNow = async () =>
        JSON.parse((await cli(['stats:summary', '--as-of', asOf, '--json'], url)).stdout) as Record<string, unknown>;
      const before = await summaryNow();
      expect(before).toMatchObject({
        marketPlayers: 40,
        smallAndMicro: { count: 30 },
        newSmallAndMicro: { count: 12, samePeriodLastYear: 6 },
      });

      await withClient(url, async (db) => {
        const pick = async (where: string): Promise<string> => {
          const row = await db.query<{ id: string }>(
            `SELECT id FROM enterprise WHERE status = 'active' AND ${where} ORDER BY credit_code LIMIT 1`,
          );
          expect(row.rows).toHaveLength(1);
          return row.rows[0].id;
        };
        const small = `is_enterprise AND small_or_micro`;
        const thisYear = `established_on BETWEEN '2025-01-01' AND '${asOf}'`;
        const older = `established_on < '2024-01-01'`;
        const update = (sql: string, id: string) => db.query(`UPDATE enterprise SET ${sql} WHERE id = $1`, [id]);
        // Revoked: one fewer market player, small and micro enterprise (in it) and new one.
        await update(`status = 'revoked'`, await pick(`${small} AND ${thisYear} AND sector = 'it'`));
        // Deregistered, then revoked: counted out once.
        const deregistered = await pick(`${small} AND ${thisYear} AND sector = 'it'`);
        await update(`status = 'deregistered'`, deregistered);
        await update(`status = 'revoked'`, deregistered);
        // Revoked and reinstated: no change.
        const reinstated = await pick(`${small} AND sector = 'construction'`);
        await update(`status = 'revoked'`, reinstated);
        await update(`status = 'active'`, reinstated);
        // Reclassified medium: still a market player, no longer small or micro.
        await update(`size_class = 'medium', small_or_micro = false`, await pick(`${small} AND ${thisYear} AND sector = 'it'`));
        // Another sector.
        await update(`sector = 'transport'`, await pick(`${small} AND ${older} AND sector = 'construction'`));
        // Established last year instead: a new one of last year's period rather than this year's.
        await update(`established_on = '2024-03-01'`, await pick(`${small} AND ${thisYear} AND sector = 'it'`));
        // A market player that is not a small or micro enterprise, revoked.
        await update(`status = 'revoked'`, await pick(`NOT (${small}) AND established_on <= '${asOf}'`));
        // Deleted (with what refers to it).
        const deleted = await pick(`${small} AND ${older} AND sector = 'it'`);
        await db.query(`DELETE FROM outbox_event WHERE enterprise_id = $1`, [deleted]);
        await db.query(`DELETE FROM licence WHERE enterprise_id = $1`, [deleted]);
        await db.query(`DELETE FROM enterprise WHERE id = $1`, [deleted]);
      });

      const after = await summaryNow();
      expect(after).toEqual({
        asOf,
        marketPlayers: 36,
        smallAndMicro: { count: 26, sharePercent: 72.2 },
        smallAndMicroBySector: [
          { sector: 'it', count: 16 },
          { sector: 'construction', count: 9 },
          { sector: 'transport', count: 1 },
        ],
        newSmallAndMicro: { count: 8, samePeriodLastYear: 7, growthPercent: 14.3 },
      });
      await withClient(url, async (db) => {
        expect(after).toEqual(buildSummary(await recount(db, asOf)));
        const { kept, recounted } = await dailyCountsAndRecount(db);
        expect(kept).toEqual(recounted);
        const months = await db.query<{ month: string; all: string; small: string }>(
          `SELECT to_char(m, 'YYYY-MM') AS month,
                  (SELECT count(*) FROM enterprise e WHERE e.status = 'active' AND date_trunc('month', e.established_on) = m) AS all,
                  (SELECT count(*) FROM enterprise e WHERE e.status = 'active' AND e.is_enterprise AND e.small_or_micro
                      AND date_trunc('month', e.established_on) = m) AS small
             FROM generate_series(date '2024-07-01', date '2025-06-01', interval '1 month') AS m ORDER BY m`,
        );
        await dataSource.initialize();
        const dashboard = await new StatisticsService(new StatisticsRepository(dataSource)).dashboard(asOf);
        expect(dashboard.summary).toEqual(after);
        expect(dashboard.months).toEqual(months.rows.map((r) => ({ month: r.month, all: Number(r.all), smallAndMicro: Number(r.small) })));
      });
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
});
