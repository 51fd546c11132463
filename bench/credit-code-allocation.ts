/**
 * Allocations per second of the credit-code allocator with 8 concurrent clients, next to the same
 * machine's bare counter-row rate (one UPDATE … RETURNING per transaction, nothing else) measured in the
 * same run. The ratio is the figure to compare between machines.
 *
 *   npm run bench:credit-codes [-- --seconds 10 --clients 8]
 */
import 'reflect-metadata';
import { Pool } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { CreditCodeIssuerService } from '../src/credit-codes/credit-code-issuer.service';
import { CreditCodesRepository } from '../src/credit-codes/credit-codes.repository';
import { validateCreditCode } from '../src/credit-codes/domain';
import { createDataSource, migrate } from '../src/database/data-source';
import { arg, benchDatabase, throughput } from './support';

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const clients = arg('clients', 8);
  const db = await benchDatabase();
  const dataSource = createDataSource(db.url, clients + 2);
  await dataSource.initialize();
  await migrate(dataSource);
  const pool = new Pool({ connectionString: db.url, max: clients });
  pool.on('error', () => undefined);
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_counter (id int PRIMARY KEY, n bigint NOT NULL)');
    await pool.query('INSERT INTO bench_counter VALUES (1, 0) ON CONFLICT DO NOTHING');
    const baseline = await throughput(clients, seconds, async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('UPDATE bench_counter SET n = n + 1 WHERE id = 1 RETURNING n');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });

    const config = loadConfig({ DATA_DIR: '/tmp', SESSION_SECRET: 'x'.repeat(32), AUTHORITY_DIVISION_CODE: '210242' });
    const issuer = new CreditCodeIssuerService(config, new CreditCodesRepository(dataSource));
    let n = 0;
    const allocator = await throughput(clients, seconds, async () => {
      n += 1;
      const id = String(n);
      await dataSource.transaction((m) => issuer.issue(m, '1', { type: 'bench', id }));
    });

    const { rows } = await pool.query<{ count: string; distinct: string; max: string }>(
      `SELECT count(*) AS count, count(DISTINCT code) AS distinct, max(sequence) AS max FROM issued_credit_code`,
    );
    const stats = rows[0];
    const sample = await pool.query<{ code: string }>('SELECT code FROM issued_credit_code ORDER BY random() LIMIT 1000');
    const allValid = sample.rows.every((r) => validateCreditCode(r.code).valid);
    console.log(`credit-code allocation, ${clients} clients, ${seconds} s each`);
    console.log(`  bare counter row      ${baseline.toFixed(0).padStart(7)} tx/s   (baseline)`);
    console.log(`  allocator (issue)     ${allocator.toFixed(0).padStart(7)} codes/s  ratio ${(allocator / baseline).toFixed(2)}`);
    console.log(
      `  issued ${stats.count}, distinct ${stats.distinct}, gapless ${Number(stats.max) + 1 === Number(stats.count)}, sample valid ${allValid}`,
    );
  } finally {
    await pool.end();
    await dataSource.destroy();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
