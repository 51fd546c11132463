import fc from 'fast-check';
import { ENTITY_TYPES, type EntityType } from '../../applications/domain/entity-type';
import { industryClasses, SIZE_INDUSTRY_KEYS, type SizeIndustryKey } from '../../reference/industry-classification';
import {
  classifyEnterprise,
  classifySize,
  FEN_PER_WAN,
  SIZE_CLASSES,
  SIZE_THRESHOLDS,
  sizeMetricsOf,
  type SizeClass,
  type SizeMetric,
} from './size-classification';

type Bounds = Partial<Record<SizeMetric, number>>;

/**
 * Written out again from 工信部联企业〔2011〕300号 Art. 4 (and STANDARDS.md §5) as the oracle for these tests:
 * [upper SME limits, medium bounds, small bounds].
 */
const REGULATION: Record<SizeIndustryKey, [upper: Bounds, medium: Bounds, small: Bounds]> = {
  agriculture: [{ revenueWan: 20000 }, { revenueWan: 500 }, { revenueWan: 50 }],
  industry: [
    { employees: 1000, revenueWan: 40000 },
    { employees: 300, revenueWan: 2000 },
    { employees: 20, revenueWan: 300 },
  ],
  construction: [
    { revenueWan: 80000, assetsWan: 80000 },
    { revenueWan: 6000, assetsWan: 5000 },
    { revenueWan: 300, assetsWan: 300 },
  ],
  wholesale: [
    { employees: 200, revenueWan: 40000 },
    { employees: 20, revenueWan: 5000 },
    { employees: 5, revenueWan: 1000 },
  ],
  retail: [
    { employees: 300, revenueWan: 20000 },
    { employees: 50, revenueWan: 500 },
    { employees: 10, revenueWan: 100 },
  ],
  transport: [
    { employees: 1000, revenueWan: 30000 },
    { employees: 300, revenueWan: 3000 },
    { employees: 20, revenueWan: 200 },
  ],
  warehousing: [
    { employees: 200, revenueWan: 30000 },
    { employees: 100, revenueWan: 1000 },
    { employees: 20, revenueWan: 100 },
  ],
  postal: [
    { employees: 1000, revenueWan: 30000 },
    { employees: 300, revenueWan: 2000 },
    { employees: 20, revenueWan: 100 },
  ],
  accommodation: [
    { employees: 300, revenueWan: 10000 },
    { employees: 100, revenueWan: 2000 },
    { employees: 10, revenueWan: 100 },
  ],
  catering: [
    { employees: 300, revenueWan: 10000 },
    { employees: 100, revenueWan: 2000 },
    { employees: 10, revenueWan: 100 },
  ],
  information_transmission: [
    { employees: 2000, revenueWan: 100000 },
    { employees: 100, revenueWan: 1000 },
    { employees: 10, revenueWan: 100 },
  ],
  software_it: [
    { employees: 300, revenueWan: 10000 },
    { employees: 100, revenueWan: 1000 },
    { employees: 10, revenueWan: 50 },
  ],
  real_estate_development: [
    { revenueWan: 200000, assetsWan: 10000 },
    { revenueWan: 1000, assetsWan: 5000 },
    { revenueWan: 100, assetsWan: 2000 },
  ],
  property_management: [
    { employees: 1000, revenueWan: 5000 },
    { employees: 300, revenueWan: 1000 },
    { employees: 100, revenueWan: 500 },
  ],
  leasing_business: [
    { employees: 300, assetsWan: 120000 },
    { employees: 100, assetsWan: 8000 },
    { employees: 10, assetsWan: 100 },
  ],
  other: [{ employees: 300 }, { employees: 100 }, { employees: 10 }],
};

const METRICS: SizeMetric[] = ['employees', 'revenueWan', 'assetsWan'];
const RANK: Record<SizeClass, number> = { micro: 0, small: 1, medium: 2, large: 3 };

/** A class of each size industry, to run the same cases through classifyEnterprise. */
const CLASS_OF: Record<SizeIndustryKey, string> = Object.fromEntries(
  SIZE_INDUSTRY_KEYS.map((industry) => [
    industry,
    industryClasses().find((industryClass) => industryClass.sizeIndustry === industry)!.code,
  ]),
) as Record<SizeIndustryKey, string>;

interface Figures {
  employees: number;
  /** Exact amounts, in fen. */
  revenueFen: bigint;
  assetsFen: bigint;
}

function figuresAt(bounds: Bounds): Figures {
  return {
    employees: bounds.employees ?? 0,
    revenueFen: BigInt(bounds.revenueWan ?? 0) * 1_000_000n,
    assetsFen: BigInt(bounds.assetsWan ?? 0) * 1_000_000n,
  };
}

/** One unit: one employee or one fen. */
function shifted(figures: Figures, metric: SizeMetric, units: number): Figures {
  switch (metric) {
    case 'employees':
      return { ...figures, employees: figures.employees + units };
    case 'revenueWan':
      return { ...figures, revenueFen: figures.revenueFen + BigInt(units) };
    case 'assetsWan':
      return { ...figures, assetsFen: figures.assetsFen + BigInt(units) };
  }
}

/** fen → 万元 as a number; exact for these amounts (a whole 万元, or a whole 万元 ± 1 fen, below 2^53 fen). */
function wan(fen: bigint): number {
  return Number(fen) / 1_000_000;
}

function bySize(industry: SizeIndustryKey, figures: Figures): SizeClass {
  return classifySize({
    sizeIndustry: industry,
    employees: figures.employees,
    revenueWan: wan(figures.revenueFen),
    assetsWan: wan(figures.assetsFen),
  });
}

function byEnterprise(industry: SizeIndustryKey, figures: Figures, entityType: EntityType = 'limited_liability_company') {
  return classifyEnterprise({ industryClass: CLASS_OF[industry], entityType, ...figures });
}

type BoundaryRow = [label: string, industry: SizeIndustryKey, figures: Figures, expected: SizeClass];

/**
 * For every industry and each of its three boundaries (small, medium, upper limit): exactly at the bounds,
 * one unit below on each indicator (the others at their bound), and one unit above on every indicator.
 */
const BOUNDARY_ROWS: BoundaryRow[] = SIZE_INDUSTRY_KEYS.flatMap((industry) => {
  const [upper, medium, small] = REGULATION[industry];
  const metrics = METRICS.filter((metric) => small[metric] !== undefined);
  const boundaries: [name: string, bounds: Bounds, tier: SizeClass, below: SizeClass][] = [
    ['small', small, 'small', 'micro'],
    ['medium', medium, 'medium', 'small'],
    ['upper', upper, 'large', 'medium'],
  ];
  return boundaries.flatMap(([name, bounds, tier, below]): BoundaryRow[] => {
    const at = figuresAt(bounds);
    const describe = metrics.map((metric) => `${metric} ${bounds[metric]}`).join(', ');
    const above = metrics.reduce((figures, metric) => shifted(figures, metric, 1), at);
    return [
      [`${industry}: exactly at the ${name} bounds (${describe}) is ${tier}`, industry, at, tier],
      ...metrics.map((metric): BoundaryRow => [
        `${industry}: one ${metric === 'employees' ? 'employee' : 'fen'} below the ${name} bound of ${metric} is ${below}`,
        industry,
        shifted(at, metric, -1),
        below,
      ]),
      [`${industry}: one unit above the ${name} bounds is ${tier}`, industry, above, tier],
    ];
  });
});

describe('the thresholds table', () => {
  it('has a row for every size industry, with the regulation’s figures', () => {
    expect(Object.keys(SIZE_THRESHOLDS).sort()).toEqual([...SIZE_INDUSTRY_KEYS].sort());
    for (const industry of SIZE_INDUSTRY_KEYS) {
      const [upper, medium, small] = REGULATION[industry];
      const row = SIZE_THRESHOLDS[industry];
      expect({ upper: row.upper, medium: row.medium, small: row.small }).toEqual({ upper, medium, small });
    }
  });

  it('cites a distinct item of Art. 4 for every row', () => {
    const articles = SIZE_INDUSTRY_KEYS.map((industry) => SIZE_THRESHOLDS[industry].article);
    for (const article of articles) expect(article).toMatch(/^工信部联企业〔2011〕300号 第四条（[一二三四五六七八九十]+）$/);
    expect(new Set(articles).size).toBe(articles.length);
  });

  it('uses the same indicators for the upper limits and both tiers, upper ≥ medium > small, all whole 万元 or people', () => {
    for (const industry of SIZE_INDUSTRY_KEYS) {
      const { upper, medium, small } = SIZE_THRESHOLDS[industry];
      const metrics = sizeMetricsOf(industry);
      expect(metrics.length).toBeGreaterThan(0);
      for (const bounds of [upper, medium, small]) expect(Object.keys(bounds).sort()).toEqual([...metrics].sort());
      for (const metric of metrics) {
        expect(upper[metric]!).toBeGreaterThanOrEqual(medium[metric]!);
        expect(medium[metric]!).toBeGreaterThan(small[metric]!);
        expect(Number.isInteger(upper[metric]) && Number.isInteger(medium[metric]) && Number.isInteger(small[metric])).toBe(true);
      }
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(SIZE_THRESHOLDS)).toBe(true);
    expect(Object.isFrozen(SIZE_THRESHOLDS.industry.small)).toBe(true);
  });
});

describe('classifySize and classifyEnterprise at every boundary', () => {
  it('covers every industry at every boundary', () => {
    expect(new Set(BOUNDARY_ROWS.map(([, industry]) => industry)).size).toBe(SIZE_INDUSTRY_KEYS.length);
    // 16 industries × 3 boundaries × (at + above), plus one row below per indicator: agriculture and other use
    // one indicator, the 14 other industries two.
    expect(BOUNDARY_ROWS).toHaveLength(16 * 3 * 2 + 2 * 3 * 1 + 14 * 3 * 2);
  });

  it.each(BOUNDARY_ROWS)('%s (万元 as a number)', (_label, industry, figures, expected) => {
    expect(bySize(industry, figures)).toBe(expected);
  });

  it.each(BOUNDARY_ROWS)('%s (exact fen)', (_label, industry, figures, expected) => {
    const result = byEnterprise(industry, figures);
    expect(result.size).toBe(expected);
    expect(result.isSmallOrMicro).toBe(expected === 'small' || expected === 'micro');
    expect(result.isEnterprise).toBe(true);
  });
});

describe('both bounds for a tier, either bound for micro', () => {
  it.each<[string, SizeIndustryKey, number, number, number, SizeClass]>([
    ['industry: medium employees but small revenue is small', 'industry', 300, 1999, 0, 'small'],
    ['industry: medium revenue but small employees is small', 'industry', 299, 39999, 0, 'small'],
    ['industry: 5000 employees and 299万 revenue is micro (below the small revenue bound)', 'industry', 5000, 299.99, 0, 'micro'],
    ['industry: 19 employees and 39999万 revenue is micro (below the small employee bound)', 'industry', 19, 39999, 0, 'micro'],
    ['wholesale: 4 employees and 30000万 revenue is micro', 'wholesale', 4, 30000, 0, 'micro'],
    ['wholesale: 150 employees and 999万 revenue is micro', 'wholesale', 150, 999, 0, 'micro'],
    ['wholesale: 20 employees and 4999万 revenue is small', 'wholesale', 20, 4999, 0, 'small'],
    ['construction: revenue 7000万 but assets 4999万 is small', 'construction', 0, 7000, 4999, 'small'],
    ['construction: assets 299万 is micro whatever the revenue', 'construction', 0, 70000, 299, 'micro'],
    ['real estate development: revenue 5000万 but assets 1999万 is micro', 'real_estate_development', 0, 5000, 1999, 'micro'],
    ['leasing: 200 employees and 7999万 assets is small', 'leasing_business', 200, 0, 7999, 'small'],
    ['property management: 99 employees is micro even with 4000万 revenue', 'property_management', 99, 4000, 0, 'micro'],
    ['other: revenue and assets do not matter', 'other', 9, 1_000_000, 1_000_000, 'micro'],
    ['agriculture: employees and assets do not matter', 'agriculture', 5000, 49, 1_000_000, 'micro'],
  ])('%s', (_label, sizeIndustry, employees, revenueWan, assetsWan, expected) => {
    expect(classifySize({ sizeIndustry, employees, revenueWan, assetsWan })).toBe(expected);
  });
});

describe('the upper SME limits (an SME is below either of them; meeting both is large)', () => {
  it.each<[string, SizeIndustryKey, number, number, number, SizeClass]>([
    ['industry 999 employees, 1,000,000万 revenue: still medium', 'industry', 999, 1_000_000, 0, 'medium'],
    ['industry 100,000 employees, 39999万 revenue: still medium', 'industry', 100_000, 39999, 0, 'medium'],
    ['industry 1000 employees, 40000万: large', 'industry', 1000, 40000, 0, 'large'],
    ['wholesale 200 employees, 40000万: large', 'wholesale', 200, 40000, 0, 'large'],
    ['wholesale 199 employees, 90000万: medium', 'wholesale', 199, 90000, 0, 'medium'],
    ['retail 300 employees, 20000万: large', 'retail', 300, 20000, 0, 'large'],
    ['transport 1000 employees, 29999万: medium', 'transport', 1000, 29999, 0, 'medium'],
    ['agriculture 20000万: large', 'agriculture', 0, 20000, 0, 'large'],
    ['construction revenue 80000万, assets 79999万: medium', 'construction', 0, 80000, 79999, 'medium'],
    ['construction revenue 80000万, assets 80000万: large', 'construction', 0, 80000, 80000, 'large'],
    ['warehousing 200 employees, 30000万: large', 'warehousing', 200, 30000, 0, 'large'],
    ['postal 1000 employees, 30000万: large', 'postal', 1000, 30000, 0, 'large'],
    ['accommodation 300 employees, 10000万: large', 'accommodation', 300, 10000, 0, 'large'],
    ['catering 299 employees, 50000万: medium', 'catering', 299, 50000, 0, 'medium'],
    ['information transmission 2000 employees, 100000万: large', 'information_transmission', 2000, 100000, 0, 'large'],
    ['information transmission 1999 employees, 500000万: medium', 'information_transmission', 1999, 500000, 0, 'medium'],
    ['software and IT 300 employees, 10000万: large', 'software_it', 300, 10000, 0, 'large'],
    ['real estate development revenue 200000万, assets 10000万: large', 'real_estate_development', 0, 200000, 10000, 'large'],
    ['real estate development revenue 199999万, assets 90000万: medium', 'real_estate_development', 0, 199999, 90000, 'medium'],
    ['property management 1000 employees, 5000万: large', 'property_management', 1000, 5000, 0, 'large'],
    ['leasing 300 employees, assets 120000万: large', 'leasing_business', 300, 0, 120000, 'large'],
    ['leasing 300 employees, assets 119999万: medium', 'leasing_business', 300, 0, 119999, 'medium'],
    ['other 300 employees: large', 'other', 300, 0, 0, 'large'],
    ['other 299 employees: medium', 'other', 299, 0, 0, 'medium'],
  ])('%s', (_label, sizeIndustry, employees, revenueWan, assetsWan, expected) => {
    expect(classifySize({ sizeIndustry, employees, revenueWan, assetsWan })).toBe(expected);
  });
});

describe('fen to 万元', () => {
  it('is 1,000,000 fen to the 万元', () => {
    expect(FEN_PER_WAN).toBe(1_000_000n);
  });

  it('meets a bound at exactly 300万元 = 300_0000_00 fen and misses it one fen below', () => {
    const facts = { industryClass: 'C1311', entityType: 'limited_liability_company' as const, employees: 20, assetsFen: 0n };
    expect(classifyEnterprise({ ...facts, revenueFen: 300_0000_00n }).size).toBe('small');
    expect(classifyEnterprise({ ...facts, revenueFen: 300_0000_00n - 1n }).size).toBe('micro');
  });

  it('classifies amounts beyond 2^53 fen exactly', () => {
    const facts = { industryClass: 'C1311', entityType: 'limited_liability_company' as const, employees: 1000, assetsFen: 0n };
    expect(classifyEnterprise({ ...facts, revenueFen: 10n ** 20n }).size).toBe('large');
    expect(classifyEnterprise({ ...facts, revenueFen: 40000n * FEN_PER_WAN - 1n }).size).toBe('medium');
  });

  it('agrees with classifySize on 万元 numbers for any whole-fen amounts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SIZE_INDUSTRY_KEYS),
        fc.integer({ min: 0, max: 5000 }),
        fc.bigInt({ min: 0n, max: 3_000_000_000_000n }),
        fc.bigInt({ min: 0n, max: 3_000_000_000_000n }),
        (industry, employees, revenueFen, assetsFen) => {
          const figures = { employees, revenueFen, assetsFen };
          expect(byEnterprise(industry, figures).size).toBe(bySize(industry, figures));
        },
      ),
    );
  });

  it('takes fractional 万元 in classifySize', () => {
    expect(classifySize({ sizeIndustry: 'retail', employees: 10, revenueWan: 99.999999, assetsWan: 0 })).toBe('micro');
    expect(classifySize({ sizeIndustry: 'retail', employees: 10, revenueWan: 100, assetsWan: 0 })).toBe('small');
    expect(classifySize({ sizeIndustry: 'retail', employees: 10, revenueWan: 100.5, assetsWan: 0 })).toBe('small');
  });
});

describe('classifyEnterprise', () => {
  it.each<[EntityType, boolean]>(ENTITY_TYPES.map((type) => [type, type !== 'individual_household' && type !== 'farmers_cooperative']))(
    '%s: isEnterprise %s',
    (entityType, isEnterprise) => {
      const micro = byEnterprise('wholesale', { employees: 2, revenueFen: 100n * FEN_PER_WAN, assetsFen: 0n }, entityType);
      expect(micro.isEnterprise).toBe(isEnterprise);
      expect(micro.size).toBe(isEnterprise ? 'micro' : null);
      expect(micro.isSmallOrMicro).toBe(isEnterprise);
      expect(micro.sector).toBe('wholesale_retail');
    },
  );

  it('never makes an individual household or a cooperative small or micro, whatever its figures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<EntityType>('individual_household', 'farmers_cooperative'),
        fc.constantFrom(...Object.values(CLASS_OF)),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (entityType, industryClass, employees, revenueFen) => {
          const result = classifyEnterprise({ industryClass, entityType, employees, revenueFen, assetsFen: revenueFen });
          expect(result).toEqual({ size: null, isSmallOrMicro: false, isEnterprise: false, sector: result.sector });
        },
      ),
    );
  });

  it('reports the statistics sector of the class', () => {
    const facts = { entityType: 'limited_liability_company' as const, employees: 1, revenueFen: 0n, assetsFen: 0n };
    expect(classifyEnterprise({ ...facts, industryClass: 'F5123' }).sector).toBe('wholesale_retail');
    expect(classifyEnterprise({ ...facts, industryClass: 'G5920' }).sector).toBe('transport');
    expect(classifyEnterprise({ ...facts, industryClass: 'K7020' }).sector).toBe('real_estate');
    expect(classifyEnterprise({ ...facts, industryClass: '6520' }).sector).toBe('it');
  });

  it('uses the finer size industry within a sector: F51 wholesale, F52 retail', () => {
    const figures = { employees: 15, revenueFen: 500n * FEN_PER_WAN, assetsFen: 0n };
    // Wholesale needs 1000万 for small; retail needs 100万.
    expect(classifyEnterprise({ industryClass: 'F5123', entityType: 'limited_liability_company', ...figures }).size).toBe('micro');
    expect(classifyEnterprise({ industryClass: 'F5211', entityType: 'limited_liability_company', ...figures }).size).toBe('small');
  });

  it('refuses what it cannot classify, saying what is wrong', () => {
    const facts = { entityType: 'limited_liability_company' as const, employees: 1, revenueFen: 0n, assetsFen: 0n };
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F9999' })).toThrow('"F9999" is not a GB/T 4754-2017 industry class');
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F5123', employees: -1 })).toThrow(
      /employees must be a non-negative whole number/,
    );
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F5123', employees: 1.5 })).toThrow(/employees/);
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F5123', revenueFen: -1n })).toThrow(/revenueFen must not be negative/);
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F5123', assetsFen: -1n })).toThrow(/assetsFen must not be negative/);
    expect(() => classifyEnterprise({ ...facts, industryClass: 'F5123', entityType: 'trust' as EntityType })).toThrow(
      /unknown entity type/,
    );
  });
});

describe('classifySize input', () => {
  it('refuses unknown industries, negative, fractional or non-finite figures', () => {
    const base = { sizeIndustry: 'industry' as const, employees: 1, revenueWan: 1, assetsWan: 1 };
    expect(() => classifySize({ ...base, sizeIndustry: 'mining' as SizeIndustryKey })).toThrow(/unknown size industry "mining"/);
    expect(() => classifySize({ ...base, employees: -1 })).toThrow(/employees/);
    expect(() => classifySize({ ...base, employees: 2.5 })).toThrow(/employees/);
    expect(() => classifySize({ ...base, revenueWan: Number.NaN })).toThrow(/revenueWan/);
    expect(() => classifySize({ ...base, assetsWan: -0.01 })).toThrow(/assetsWan/);
    expect(() => classifySize({ ...base, revenueWan: Number.POSITIVE_INFINITY })).toThrow(/revenueWan/);
  });

  it('gives one of the four classes for zero figures: micro', () => {
    for (const sizeIndustry of SIZE_INDUSTRY_KEYS) {
      const size = classifySize({ sizeIndustry, employees: 0, revenueWan: 0, assetsWan: 0 });
      expect(SIZE_CLASSES).toContain(size);
      expect(size).toBe('micro');
    }
  });
});

describe('properties', () => {
  const figures = fc.record({
    employees: fc.integer({ min: 0, max: 5000 }),
    revenueWan: fc.double({ min: 0, max: 300_000, noNaN: true }),
    assetsWan: fc.double({ min: 0, max: 300_000, noNaN: true }),
  });
  const growth = fc.record({
    employees: fc.integer({ min: 0, max: 3000 }),
    revenueWan: fc.double({ min: 0, max: 200_000, noNaN: true }),
    assetsWan: fc.double({ min: 0, max: 200_000, noNaN: true }),
  });

  it('is monotonic: more employees, revenue or assets never lower the tier', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SIZE_INDUSTRY_KEYS), figures, growth, (sizeIndustry, start, more) => {
        const before = classifySize({ sizeIndustry, ...start });
        const after = classifySize({
          sizeIndustry,
          employees: start.employees + more.employees,
          revenueWan: start.revenueWan + more.revenueWan,
          assetsWan: start.assetsWan + more.assetsWan,
        });
        expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
      }),
      { numRuns: 2000 },
    );
  });

  it('is monotonic in each indicator alone, in exact fen', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SIZE_INDUSTRY_KEYS),
        fc.integer({ min: 0, max: 3000 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.constantFrom(...METRICS),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        (industry, employees, revenueFen, assetsFen, metric, units) => {
          const start = { employees, revenueFen, assetsFen };
          const before = byEnterprise(industry, start).size!;
          const after = byEnterprise(industry, shifted(start, metric, metric === 'employees' ? units % 2000 : units)).size!;
          expect(RANK[after]).toBeGreaterThanOrEqual(RANK[before]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('classifies every GB/T 4754 class without throwing', () => {
    const classes = industryClasses();
    expect(classes.length).toBeGreaterThan(1000);
    for (const { code } of classes) {
      const result = classifyEnterprise({
        industryClass: code,
        entityType: 'limited_liability_company',
        employees: 50,
        revenueFen: 10n ** 9n,
        assetsFen: 10n ** 9n,
      });
      expect(SIZE_CLASSES).toContain(result.size);
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...classes.map(({ code }) => code)),
        fc.constantFrom(...ENTITY_TYPES),
        fc.integer({ min: 0, max: 100_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        fc.bigInt({ min: 0n, max: 10n ** 16n }),
        (industryClass, entityType, employees, revenueFen, assetsFen) => {
          expect(() => classifyEnterprise({ industryClass, entityType, employees, revenueFen, assetsFen })).not.toThrow();
        },
      ),
    );
  });
});
