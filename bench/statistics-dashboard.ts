/**
 * The statistics dashboard's queries on a register of N enterprises (default 1,000,000), next to a
 * primary-key lookup measured in the same run. The register is bulk-loaded with SQL (through the same
 * trigger that keeps the daily counts), not through issuance: this measures reading, not writing.
 *
 *   npm run bench:statistics [-- --enterprises 1000000 --samples 50]
 */
import 'reflect-metadata';
import { createDataSource, migrate } from '../src/database/data-source';
import { StatisticsRepository } from '../src/statistics/statistics.repository';
import { StatisticsService } from '../src/statistics/statistics.service';
import { arg, benchDatabase } from './support';

async function main(): Promise<void> {
  const total = arg('enterprises', 1_000_000);
  const samples = arg('samples', 50);
  const db = await benchDatabase();
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  await migrate(dataSource);
  try {
    const loadStarted = Date.now();
    await dataSource.query(
      `INSERT INTO user_account (id, email, name, password_hash, role) VALUES ('00000000-0000-4000-8000-000000000001', 'bench@example.invalid', 'Bench', 'x', 'applicant')`,
    );
    const sectors = ['wholesale_retail', 'industry', 'transport', 'it', 'construction', 'real_estate', 'leasing_business', 'research'];
    for (let from = 1; from <= total; from += 100_000) {
      const to = Math.min(total, from + 99_999);
      await dataSource.query(
        `WITH a AS (
           INSERT INTO application (id, reference, applicant_id, status, trade_name_key)
           SELECT md5('a' || g)::uuid, 'BENCH-' || g, '00000000-0000-4000-8000-000000000001', 'approved', 'bench' || g FROM generate_series($1::int, $2::int) g
           RETURNING id, reference
         ), c AS (
           INSERT INTO issued_credit_code (code, prefix, sequence, subject_type, subject_id)
           SELECT '91210242' || lpad(g::text, 10, '0'), 'ZZ', g, 'bench', g::text FROM generate_series($1::int, $2::int) g
           RETURNING code
         )
         INSERT INTO enterprise (application_id, credit_code, name, trade_name_key, entity_type, legal_representative, district, domicile, industry_class,
           business_scope, employees, revenue_fen, assets_fen, established_on, sector, size_class, is_enterprise, small_or_micro)
         SELECT md5('a' || g)::uuid, '91210242' || lpad(g::text, 10, '0'), '大连测试' || g || '有限公司', 'bench' || g, 'limited_liability_company', '王伟', '210242',
                '辽宁省大连市保税区', 'F5123', '贸易', 5 + g % 50, 1000000 * (g % 500), 1000000 * (g % 300),
                date '2015-01-01' + (g % 4000), ($3::text[])[1 + g % 8], (ARRAY['micro', 'small', 'medium'])[1 + g % 3], g % 10 <> 0, g % 3 < 2
           FROM generate_series($1::int, $2::int) g`,
        [from, to, sectors],
      );
    }
    await dataSource.query('ANALYZE');
    console.log(`register of ${total.toLocaleString('en')} enterprises loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

    const service = new StatisticsService(new StatisticsRepository(dataSource));
    const repository = new StatisticsRepository(dataSource);
    const time = async (run: () => Promise<unknown>): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const t = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return times.sort((a, b) => a - b);
    };
    const day = () => `20${15 + Math.floor(Math.random() * 10)}-0${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() * 9)}`;
    const baseline = await time(() =>
      dataSource.query(`SELECT * FROM enterprise WHERE credit_code = $1`, [
        `91210242${String(1 + Math.floor(Math.random() * total)).padStart(10, '0')}`,
      ]),
    );
    const rows: [string, number[]][] = [
      ['primary-key lookup (baseline)', baseline],
      ['dashboard (all figures, one as-of date)', await time(() => service.dashboard(day()))],
      ['stats:summary', await time(() => service.summary(day()))],
      [
        'directory first page, sector + size',
        await time(() => repository.directory({ sector: 'transport', size: 'micro' }, undefined, 51)),
      ],
    ];
    const p = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
    console.log(`${samples} samples each; milliseconds`);
    console.log(`  ${'query'.padEnd(42)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}  p50/baseline`);
    for (const [name, list] of rows)
      console.log(
        `  ${name.padEnd(42)} ${p(list, 0.5).toFixed(2).padStart(8)} ${p(list, 0.95).toFixed(2).padStart(8)}  ${(p(list, 0.5) / p(baseline, 0.5)).toFixed(1)}`,
      );
  } finally {
    await dataSource.destroy();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
