import { ENTITY_TYPE_INFO, type EntityType } from '../../applications/domain/entity-type';
import {
  SIZE_INDUSTRY_KEYS,
  sectorOf,
  sizeIndustryOf,
  type SectorKey,
  type SizeIndustryKey,
} from '../../reference/industry-classification';

/**
 * Enterprise size under 《中小企业划型标准规定》 (工信部联企业〔2011〕300号), as STANDARDS.md §5 states it.
 *
 * Revenue (营业收入) and total assets (资产总额) are in 万元 (10,000 yuan); employees (从业人员) are people.
 */

export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** The indicators the regulation uses, named as `classifySize` takes them. */
export const SIZE_METRICS = ['employees', 'revenueWan', 'assetsWan'] as const;
export type SizeMetric = (typeof SIZE_METRICS)[number];

/** Lower bounds ("X及以上"): a value equal to the bound meets it. Only the indicators the industry uses are present. */
export type SizeBounds = Readonly<Partial<Record<SizeMetric, number>>>;

export interface SizeThresholds {
  /** The regulation's name for the industry. */
  readonly name_zh: string;
  /** Where the row comes from: Art. 4 of the regulation, item (一)–(十六). */
  readonly article: string;
  /**
   * The SME upper limits (中小微型企业 is "X以下或Y以下", i.e. below EITHER). An enterprise that meets ALL of
   * them is no SME. Art. 7 makes the medium upper limit the large lower limit, so such an enterprise is large.
   */
  readonly upper: SizeBounds;
  /** Medium: meets ALL of these ("X及以上，且Y及以上"). */
  readonly medium: SizeBounds;
  /** Small: meets ALL of these; below EITHER of them is micro ("X以下或Y以下"). */
  readonly small: SizeBounds;
}

const REGULATION = '工信部联企业〔2011〕300号';

/**
 * The table of Art. 4. Lower bounds are STANDARDS.md §5's table, which agrees with the regulation. STANDARDS.md
 * gives four rows of upper limits and says "the rest follow the same pattern (see the regulation)"; the other
 * rows are the regulation's own figures. Every row uses the same indicators for its upper limits as for its
 * medium bounds, so "meets the medium bounds and is not below the upper limits" reduces to "meets the upper
 * limits"; `classify` still tests both, as the rule is worded.
 *
 * Where the regulation and STANDARDS.md could be read differently, STANDARDS.md is followed:
 * - Art. 6 says individual households are sized "by reference to" this regulation; STANDARDS.md §5 says they (and
 *   farmers' cooperatives) are not enterprises and never small or micro enterprises. `classifyEnterprise`
 *   returns no size for them.
 * - 交通运输业 here is G54–G58 (STANDARDS.md §6 and the reference module, which puts railway transport, G53,
 *   under "other").
 */
export const SIZE_THRESHOLDS: Readonly<Record<SizeIndustryKey, SizeThresholds>> = deepFreeze({
  agriculture: {
    name_zh: '农、林、牧、渔业',
    article: `${REGULATION} 第四条（一）`,
    upper: { revenueWan: 20000 },
    medium: { revenueWan: 500 },
    small: { revenueWan: 50 },
  },
  industry: {
    name_zh: '工业',
    article: `${REGULATION} 第四条（二）`,
    upper: { employees: 1000, revenueWan: 40000 },
    medium: { employees: 300, revenueWan: 2000 },
    small: { employees: 20, revenueWan: 300 },
  },
  construction: {
    name_zh: '建筑业',
    article: `${REGULATION} 第四条（三）`,
    upper: { revenueWan: 80000, assetsWan: 80000 },
    medium: { revenueWan: 6000, assetsWan: 5000 },
    small: { revenueWan: 300, assetsWan: 300 },
  },
  wholesale: {
    name_zh: '批发业',
    article: `${REGULATION} 第四条（四）`,
    upper: { employees: 200, revenueWan: 40000 },
    medium: { employees: 20, revenueWan: 5000 },
    small: { employees: 5, revenueWan: 1000 },
  },
  retail: {
    name_zh: '零售业',
    article: `${REGULATION} 第四条（五）`,
    upper: { employees: 300, revenueWan: 20000 },
    medium: { employees: 50, revenueWan: 500 },
    small: { employees: 10, revenueWan: 100 },
  },
  transport: {
    name_zh: '交通运输业',
    article: `${REGULATION} 第四条（六）`,
    upper: { employees: 1000, revenueWan: 30000 },
    medium: { employees: 300, revenueWan: 3000 },
    small: { employees: 20, revenueWan: 200 },
  },
  warehousing: {
    name_zh: '仓储业',
    article: `${REGULATION} 第四条（七）`,
    upper: { employees: 200, revenueWan: 30000 },
    medium: { employees: 100, revenueWan: 1000 },
    small: { employees: 20, revenueWan: 100 },
  },
  postal: {
    name_zh: '邮政业',
    article: `${REGULATION} 第四条（八）`,
    upper: { employees: 1000, revenueWan: 30000 },
    medium: { employees: 300, revenueWan: 2000 },
    small: { employees: 20, revenueWan: 100 },
  },
  accommodation: {
    name_zh: '住宿业',
    article: `${REGULATION} 第四条（九）`,
    upper: { employees: 300, revenueWan: 10000 },
    medium: { employees: 100, revenueWan: 2000 },
    small: { employees: 10, revenueWan: 100 },
  },
  catering: {
    name_zh: '餐饮业',
    article: `${REGULATION} 第四条（十）`,
    upper: { employees: 300, revenueWan: 10000 },
    medium: { employees: 100, revenueWan: 2000 },
    small: { employees: 10, revenueWan: 100 },
  },
  information_transmission: {
    name_zh: '信息传输业',
    article: `${REGULATION} 第四条（十一）`,
    upper: { employees: 2000, revenueWan: 100000 },
    medium: { employees: 100, revenueWan: 1000 },
    small: { employees: 10, revenueWan: 100 },
  },
  software_it: {
    name_zh: '软件和信息技术服务业',
    article: `${REGULATION} 第四条（十二）`,
    upper: { employees: 300, revenueWan: 10000 },
    medium: { employees: 100, revenueWan: 1000 },
    small: { employees: 10, revenueWan: 50 },
  },
  real_estate_development: {
    name_zh: '房地产开发经营',
    article: `${REGULATION} 第四条（十三）`,
    upper: { revenueWan: 200000, assetsWan: 10000 },
    medium: { revenueWan: 1000, assetsWan: 5000 },
    small: { revenueWan: 100, assetsWan: 2000 },
  },
  property_management: {
    name_zh: '物业管理',
    article: `${REGULATION} 第四条（十四）`,
    upper: { employees: 1000, revenueWan: 5000 },
    medium: { employees: 300, revenueWan: 1000 },
    small: { employees: 100, revenueWan: 500 },
  },
  leasing_business: {
    name_zh: '租赁和商务服务业',
    article: `${REGULATION} 第四条（十五）`,
    upper: { employees: 300, assetsWan: 120000 },
    medium: { employees: 100, assetsWan: 8000 },
    small: { employees: 10, assetsWan: 100 },
  },
  other: {
    name_zh: '其他未列明行业',
    article: `${REGULATION} 第四条（十六）`,
    upper: { employees: 300 },
    medium: { employees: 100 },
    small: { employees: 10 },
  },
});

function deepFreeze<T extends object>(value: T): T {
  for (const property of Object.values(value)) {
    if (typeof property === 'object' && property !== null && !Object.isFrozen(property)) deepFreeze(property as object);
  }
  return Object.freeze(value);
}

/** The indicators the regulation uses for the industry, in SIZE_METRICS order. */
export function sizeMetricsOf(industry: SizeIndustryKey): readonly SizeMetric[] {
  const { small } = thresholdsOf(industry);
  return SIZE_METRICS.filter((metric) => small[metric] !== undefined);
}

function thresholdsOf(industry: SizeIndustryKey): SizeThresholds {
  if (!(SIZE_INDUSTRY_KEYS as readonly string[]).includes(industry)) {
    throw new RangeError(`unknown size industry "${String(industry)}"; expected one of ${SIZE_INDUSTRY_KEYS.join(', ')}`);
  }
  return SIZE_THRESHOLDS[industry];
}

/** Whether the enterprise's value of `metric` is at least `bound` (a whole number of people or of 万元). */
type Meets = (metric: SizeMetric, bound: number) => boolean;

function meetsAll(bounds: SizeBounds, meets: Meets): boolean {
  for (const metric of SIZE_METRICS) {
    const bound = bounds[metric];
    if (bound !== undefined && !meets(metric, bound)) return false;
  }
  return true;
}

/**
 * One rule for numbers and for exact fen. Every condition is "meets all bounds of a row", which can only
 * become true as a value grows, so a larger enterprise is never put in a lower tier.
 */
function classify(thresholds: SizeThresholds, meets: Meets): SizeClass {
  const meetsMedium = meetsAll(thresholds.medium, meets);
  if (meetsMedium && meetsAll(thresholds.upper, meets)) return 'large';
  if (meetsMedium) return 'medium';
  if (meetsAll(thresholds.small, meets)) return 'small';
  return 'micro';
}

function assertEmployees(employees: number): void {
  if (!Number.isSafeInteger(employees) || employees < 0) {
    throw new RangeError(`employees must be a non-negative whole number, got ${String(employees)}`);
  }
}

export interface SizeInput {
  readonly sizeIndustry: SizeIndustryKey;
  readonly employees: number;
  /** 营业收入 in 万元; may be fractional. */
  readonly revenueWan: number;
  /** 资产总额 in 万元; may be fractional. */
  readonly assetsWan: number;
}

export function classifySize({ sizeIndustry, employees, revenueWan, assetsWan }: SizeInput): SizeClass {
  const thresholds = thresholdsOf(sizeIndustry);
  assertEmployees(employees);
  for (const [name, value] of [
    ['revenueWan', revenueWan],
    ['assetsWan', assetsWan],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative finite number, got ${String(value)}`);
  }
  const values: Readonly<Record<SizeMetric, number>> = { employees, revenueWan, assetsWan };
  return classify(thresholds, (metric, bound) => values[metric] >= bound);
}

/** 1 万元 = 10,000 yuan = 1,000,000 fen. */
export const FEN_PER_WAN = 1_000_000n;

export interface EnterpriseFacts {
  /** A GB/T 4754 class, e.g. `F5123`. */
  readonly industryClass: string;
  readonly entityType: EntityType;
  readonly employees: number;
  readonly revenueFen: bigint;
  readonly assetsFen: bigint;
}

export interface EnterpriseClassification {
  /** Null for market players that are not enterprises (individual households, farmers' cooperatives). */
  readonly size: SizeClass | null;
  readonly isSmallOrMicro: boolean;
  readonly isEnterprise: boolean;
  readonly sector: SectorKey;
}

/**
 * Size, sector and whether the market player counts as a small or micro enterprise. Money stays in fen: the
 * bounds are whole 万元, so each comparison is `fen >= bound × 1,000,000` in bigint and a revenue of exactly
 * 300万元 meets a 300万元 bound, while one fen less does not.
 */
export function classifyEnterprise({
  industryClass,
  entityType,
  employees,
  revenueFen,
  assetsFen,
}: EnterpriseFacts): EnterpriseClassification {
  const sizeIndustry = sizeIndustryOf(industryClass);
  const sector = sectorOf(industryClass);
  if (sizeIndustry === undefined || sector === undefined) {
    throw new RangeError(`"${industryClass}" is not a GB/T 4754-2017 industry class`);
  }
  const info = ENTITY_TYPE_INFO[entityType] as (typeof ENTITY_TYPE_INFO)[EntityType] | undefined;
  if (info === undefined) throw new RangeError(`unknown entity type "${String(entityType)}"`);
  assertEmployees(employees);
  if (revenueFen < 0n) throw new RangeError(`revenueFen must not be negative, got ${revenueFen}`);
  if (assetsFen < 0n) throw new RangeError(`assetsFen must not be negative, got ${assetsFen}`);
  if (!info.isEnterprise) return { size: null, isSmallOrMicro: false, isEnterprise: false, sector };

  const size = classify(SIZE_THRESHOLDS[sizeIndustry], (metric, bound) => {
    switch (metric) {
      case 'employees':
        return employees >= bound;
      case 'revenueWan':
        return revenueFen >= BigInt(bound) * FEN_PER_WAN;
      case 'assetsWan':
        return assetsFen >= BigInt(bound) * FEN_PER_WAN;
    }
  });
  return { size, isSmallOrMicro: size === 'small' || size === 'micro', isEnterprise: true, sector };
}
