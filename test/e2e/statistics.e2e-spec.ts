import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signedIn } from '../support/accounts';
import { createDatabase, startTestPortal, type TestPortal } from '../support/test-portal';

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
});
