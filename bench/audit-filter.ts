/**
 * Filtering a large audit log: builds a hash-chained log of N events (default 1,000,000) spread over 2,000
 * accounts, then times the admin page's queries (filter by actor, by subject, by action + date range, by
 * free text) against a primary-key lookup measured in the same run, and times a full integrity check.
 *
 *   npm run bench:audit [-- --events 1000000 --samples 200]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AuditQueryRepository, type AuditFilter } from '../src/audit/audit-query.repository';
import { AuditService } from '../src/audit/audit.service';
import { GENESIS_HASH, hashAuditRecord, type AuditRecord } from '../src/audit/domain/audit-chain';
import { createDataSource, migrate } from '../src/database/data-source';
import { arg, benchDatabase } from './support';

const ACTIONS = [
  'account.login',
  'account.login_failed',
  'account.logout',
  'application.submitted',
  'application.approved',
  'access.denied',
];

async function main(): Promise<void> {
  const total = arg('events', 1_000_000);
  const samples = arg('samples', 200);
  const db = await benchDatabase();
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  await migrate(dataSource);
  try {
    const accounts = Array.from({ length: 2000 }, () => randomUUID());
    await dataSource.query(
      `INSERT INTO user_account (id, email, name, password_hash, role)
       SELECT id, 'user' || n || '@example.cn', 'User ' || n, 'x', 'applicant' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [accounts],
    );
    // Loading is faster without the trigram index; it is rebuilt afterwards, as a restore would.
    await dataSource.query('DROP INDEX ix_audit_event_search');
    const loadStarted = Date.now();
    let prevHash = GENESIS_HASH;
    const start = Date.now() - 400 * 86_400_000;
    const batch = 10_000;
    for (let from = 1; from <= total; from += batch) {
      const cols: unknown[][] = Array.from({ length: 11 }, () => []);
      for (let seq = from; seq < Math.min(from + batch, total + 1); seq += 1) {
        const actor = accounts[seq % accounts.length];
        const record: AuditRecord = {
          seq,
          occurredAt: new Date(start + Math.floor((seq / total) * 400 * 86_400_000)).toISOString(),
          actorId: actor,
          actorRole: 'applicant',
          action: ACTIONS[seq % ACTIONS.length],
          subjectType: 'account',
          subjectId: accounts[(seq * 7) % accounts.length],
          ip: `10.0.${seq % 250}.${seq % 200}`,
          details: { n: seq, email: `user${seq % 2000}@example.cn` },
          prevHash,
        };
        const hash = hashAuditRecord(record);
        const values = [
          seq,
          record.occurredAt,
          record.actorId,
          record.actorRole,
          record.action,
          record.subjectType,
          record.subjectId,
          record.ip,
          JSON.stringify(record.details),
          prevHash,
          hash,
        ];
        values.forEach((v, i) => cols[i].push(v));
        prevHash = hash;
      }
      await dataSource.query(
        `INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, action, subject_type, subject_id, ip, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::char(64)[], $11::char(64)[])`,
        cols,
      );
    }
    await dataSource.query('UPDATE audit_chain_head SET seq = $1, hash = $2', [total, prevHash]);
    await dataSource.query(
      `CREATE INDEX ix_audit_event_search ON audit_event
       USING gin ((action || ' ' || coalesce(subject_id, '') || ' ' || coalesce(ip, '') || ' ' || details::text) gin_trgm_ops)`,
    );
    await dataSource.query('ANALYZE audit_event');
    console.log(`audit log of ${total.toLocaleString('en')} events built in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);

    const events = new AuditQueryRepository(dataSource);
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
    const time = async (run: () => Promise<unknown>): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const t = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return times.sort((a, b) => a - b);
    };
    const page = (filter: () => AuditFilter) => time(() => events.page(filter(), {}, 50));
    const baseline = await time(() =>
      dataSource.query('SELECT * FROM audit_event WHERE seq = $1', [1 + Math.floor(Math.random() * total)]),
    );
    const rows: [string, number[]][] = [
      ['primary-key lookup (baseline)', baseline],
      ['filter by actor, first page', await page(() => ({ actorId: pick(accounts) }))],
      ['filter by subject, first page', await page(() => ({ subjectType: 'account', subjectId: pick(accounts) }))],
      ['account timeline (actor or subject)', await page(() => ({ involving: pick(accounts) }))],
      [
        'action + 30-day range',
        await page(() => {
          const from = new Date(start + Math.floor(Math.random() * 360) * 86_400_000);
          return { action: pick(ACTIONS), from, to: new Date(from.getTime() + 30 * 86_400_000) };
        }),
      ],
      ['free text (an email)', await page(() => ({ text: `user${Math.floor(Math.random() * 2000)}@example.cn` }))],
      ['deep page (keyset, actor)', await time(() => events.page({ actorId: pick(accounts) }, { before: Math.floor(total / 2) }, 50))],
    ];
    const p = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))];
    const base = p(baseline, 0.5);
    console.log(`${samples} samples each; milliseconds`);
    console.log(`  ${'query'.padEnd(38)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}  p50/baseline`);
    for (const [name, list] of rows) {
      console.log(
        `  ${name.padEnd(38)} ${p(list, 0.5).toFixed(2).padStart(7)} ${p(list, 0.95).toFixed(2).padStart(7)} ${list[list.length - 1].toFixed(2).padStart(7)}  ${(p(list, 0.5) / base).toFixed(1)}`,
      );
    }
    const verifyStarted = Date.now();
    const result = await new AuditService(dataSource).verify();
    const seconds = (Date.now() - verifyStarted) / 1000;
    console.log(
      `integrity check: ${result.intact ? 'intact' : 'BROKEN'}, ${result.checked.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(result.checked / seconds).toLocaleString('en')} events/s)`,
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
