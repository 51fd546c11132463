import type { DataSource } from 'typeorm';
import { LicencesRepository, SEARCH_MATCH_LIMIT } from '../../src/licences/licences.repository';
import { migratedSingleConnection } from '../support/test-portal';

/**
 * The public register's search against a real PostgreSQL: what it finds and in which order. Enterprises
 * are written straight into the table (foreign keys off for the session): the search reads nothing else.
 */
describe('register search', () => {
  let dataSource: DataSource;
  let register: LicencesRepository;

  const names = [
    '大连市照码贸易有限公司',
    '照码',
    '大连照码科技有限公司',
    '照码商行',
    '大连光照码头物流有限公司',
    '大连照明设备有限公司',
    '大连码头照相馆',
    'Harbour Lantern Trading Co., Ltd.',
    'Harbor Lantern Logistics Co., Ltd.',
    'Kite Works Co., Ltd.',
  ];

  beforeAll(async () => {
    // One connection, so the session setting below covers the inserts.
    dataSource = await migratedSingleConnection();
    await dataSource.query(`SET session_replication_role = replica`);
    for (const [i, name] of names.entries())
      await dataSource.query(
        `INSERT INTO enterprise (application_id, credit_code, name, trade_name_key, entity_type, legal_representative, district,
                                 domicile, industry_class, business_scope, employees, revenue_fen, assets_fen, established_on)
         VALUES (gen_random_uuid(), $1, $2, $2, 'limited_company', '张三', '210213', '大连', 'F5211', '百货零售', 3, 0, 0, '2026-01-01')`,
        [`91210200MA0000${String(i).padStart(3, '0')}X`, name],
      );
    await dataSource.query(`SET session_replication_role = DEFAULT`);
    register = new LicencesRepository(dataSource);
  });

  afterAll(() => dataSource.destroy());

  it('finds every name that contains the words, and only those', async () => {
    for (const q of ['照码', '码头', '大连', '有限公司', '照码贸易']) {
      const { rows, total } = await register.search(q, 20, 0);
      const expected = names.filter((n) => n.includes(q));
      expect(total).toBe(expected.length);
      expect(rows.map((r) => r.name).sort()).toEqual([...expected].sort());
    }
  });

  it('puts the exact name first, then names that begin with the words, then closer (shorter) names', async () => {
    const { rows } = await register.search('照码', 20, 0);
    expect(rows.map((r) => r.name)).toEqual([
      '照码',
      '照码商行',
      '大连照码科技有限公司',
      '大连市照码贸易有限公司',
      '大连光照码头物流有限公司',
    ]);
    for (const q of ['大连', '有限公司', '码头']) {
      const found = (await register.search(q, 20, 0)).rows.map((r) => r.name);
      const key = (n: string) => [n.indexOf(q), [...n].length] as const;
      for (let i = 1; i < found.length; i++) {
        const [a, b] = [key(found[i - 1]), key(found[i])];
        expect(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1])).toBe(true);
      }
    }
  });

  it('pages through the same order, and counts past the last page', async () => {
    const all = (await register.search('有限公司', 20, 0)).rows.map((r) => r.name);
    const pages = [
      ...(await register.search('有限公司', 2, 0)).rows,
      ...(await register.search('有限公司', 2, 2)).rows,
      ...(await register.search('有限公司', 2, 4)).rows,
    ];
    expect(pages.map((r) => r.name)).toEqual(all);
    expect(await register.search('有限公司', 2, 100)).toEqual({ rows: [], total: all.length, capped: false });
  });

  it('settles on one plan for the words-in-a-name search instead of planning every search', async () => {
    for (const q of ['照码', '码头', '大连', '有限公司', '照码贸易', '光照', '设备', '商行']) await register.search(q, 20, 0);
    const [statement] = await dataSource.query<{ generic_plans: string; custom_plans: string }[]>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%name_bigrams(name) @> (SELECT%'`,
    );
    expect(Number(statement?.custom_plans)).toBeLessThanOrEqual(5);
    expect(Number(statement?.generic_plans)).toBeGreaterThan(0);
  });

  it('still finds similar Latin names (a spelling apart), most similar first', async () => {
    const { rows } = await register.search('Harbour Lantern', 20, 0);
    expect(rows.map((r) => r.name)).toEqual(['Harbour Lantern Trading Co., Ltd.', 'Harbor Lantern Logistics Co., Ltd.']);
  });

  it('takes a Latin name for words, not for the beginning of a code', async () => {
    expect((await register.search('Kite Works', 20, 0)).rows.map((r) => r.name)).toEqual(['Kite Works Co., Ltd.']);
    expect((await register.search('kite', 20, 0)).rows.map((r) => r.name)).toEqual(['Kite Works Co., Ltd.']);
  });

  it('counts and orders at most 10,000 matches of a word in almost every name, and says there are more', async () => {
    await dataSource.query(`SET session_replication_role = replica`);
    await dataSource.query(
      `INSERT INTO enterprise (application_id, credit_code, name, trade_name_key, entity_type, legal_representative, district,
                               domicile, industry_class, business_scope, employees, revenue_fen, assets_fen, established_on)
       SELECT gen_random_uuid(), '92210200MA' || lpad(i::text, 7, '0') || 'X', '大连通用' || i || '商行', '通用' || i, 'individual_business',
              '李四', '210213', '大连', 'F5211', '百货零售', 1, 0, 0, '2026-01-01'
         FROM generate_series(1, ${SEARCH_MATCH_LIMIT + 50}) AS i`,
    );
    await dataSource.query(`SET session_replication_role = DEFAULT`);
    const first = await register.search('通用', 20, 0);
    expect(first).toMatchObject({ total: SEARCH_MATCH_LIMIT, capped: true });
    expect(first.rows).toHaveLength(20);
    expect(first.rows.every((r) => r.name.includes('通用'))).toBe(true);
    expect(await register.search('通用', 20, SEARCH_MATCH_LIMIT + 20)).toEqual({ rows: [], total: SEARCH_MATCH_LIMIT, capped: true });
    // By code: a beginning that every one of them shares.
    expect(await register.search('92210200MA', 5, 0)).toMatchObject({ total: SEARCH_MATCH_LIMIT, capped: true });
    // Narrower words are counted exactly.
    const narrow = await register.search('通用1234商行', 20, 0);
    expect(narrow.capped).toBe(false);
    expect(narrow.rows[0]?.name).toBe('大连通用1234商行');
    expect(await register.search('照码', 20, 0)).toMatchObject({ total: 5, capped: false });
  });

  it('finds by code, exactly or by its beginning', async () => {
    expect((await register.search('91210200MA0000001X', 20, 0)).rows.map((r) => r.name)).toEqual(['照码']);
    expect((await register.search('91210200MA00000', 20, 0)).total).toBe(names.length);
  });
});
