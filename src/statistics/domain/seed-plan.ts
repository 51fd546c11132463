import { DISTRICTS } from '../../applications/domain/districts';
import { ENTITY_TYPE_INFO, type EntityType } from '../../applications/domain/entity-type';
import {
  industryClasses,
  SECTOR_KEYS,
  type IndustryClass,
  type SectorKey,
  type SizeIndustryKey,
} from '../../reference/industry-classification';
import { classifyEnterprise, SIZE_THRESHOLDS, sizeMetricsOf, type SizeClass, type SizeMetric } from './size-classification';
import { buildSummary, isCalendarDate, samePeriod, type StatsSummary, type SummaryCounts } from './summary';

/**
 * The plan behind `demo:seed --spec FILE` (DESIGN.md): from the figures a register should report
 * (data/seed-figures.json), a deterministic list of market players which, once registered and classified
 * with `classifyEnterprise`, give exactly those figures as of the spec's date. The plan is pure; the command
 * feeds each blueprint through the portal's own issuance code.
 */

/** The spec has the shape of the counts a summary is built from. */
export type SeedSpec = SummaryCounts;

export interface Blueprint {
  readonly entityType: EntityType;
  /** GB/T 4754 class, e.g. `F5123`. */
  readonly industryClass: string;
  /** The size `classifyEnterprise` gives it; null for individual households and cooperatives. */
  readonly sizeTarget: SizeClass | null;
  readonly employees: number;
  readonly revenueFen: bigint;
  readonly assetsFen: bigint;
  /** `YYYY-MM-DD` */
  readonly establishedOn: string;
  /** GB/T 2260 code of the domicile's district (210242 for the bonded area). */
  readonly district: string;
  /** Distinct across the plan: a trade name is unique within one registration authority (Decree 734 Art. 17). */
  readonly tradeName: string;
  readonly industryPhrase: string;
  readonly organisationalForm: string;
}

export interface SeedPlanOptions {
  /** Seed of the PRNG (an unsigned 32-bit integer); the same seed gives the same plan. Default 1. */
  readonly seed?: number;
  /**
   * Market players established in the weeks after asOf, which the as-of figures must leave out. Default 0:
   * when asOf is today they would carry establishment dates in the future.
   */
  readonly extraAfterAsOf?: number;
}

export class SeedSpecError extends Error {
  override readonly name = 'SeedSpecError';
  constructor(readonly problems: readonly string[]) {
    super(`The seed spec cannot be used:\n- ${problems.join('\n- ')}`);
  }
}

const SPEC_FIELDS = [
  'asOf',
  'marketPlayers',
  'smallAndMicro',
  'smallAndMicroBySector',
  'newSmallAndMicro',
  'newSmallAndMicroSamePeriodLastYear',
];

/** The plan reaches back YEARS_BACK years before asOf and a few weeks after it. */
const YEARS_BACK = 12;
const MIN_AS_OF_YEAR = 1900;
const MAX_AS_OF_YEAR = 9998;
const DAYS_AFTER_AS_OF = 61;

// ---------------------------------------------------------------------------------------------------------
// Validation

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads the spec of `demo:seed --spec FILE` (parsed JSON), listing every problem at once. Keys starting with `$` are comments. */
export function parseSeedSpec(json: unknown): SeedSpec {
  if (!isRecord(json)) throw new SeedSpecError([`the spec must be a JSON object with the fields ${SPEC_FIELDS.join(', ')}`]);
  const problems: string[] = [];

  for (const key of Object.keys(json)) {
    if (!key.startsWith('$') && !SPEC_FIELDS.includes(key)) {
      problems.push(`unknown field "${key}"; a spec has ${SPEC_FIELDS.join(', ')} (keys starting with "$" are comments)`);
    }
  }

  const asOf = json['asOf'];
  if (asOf === undefined) problems.push('asOf is missing: give the date the figures are as of, written YYYY-MM-DD');
  else if (typeof asOf !== 'string' || !isCalendarDate(asOf))
    problems.push(`asOf must be a real date written YYYY-MM-DD, got ${describe(asOf)}`);
  else if (Number(asOf.slice(0, 4)) < MIN_AS_OF_YEAR || Number(asOf.slice(0, 4)) > MAX_AS_OF_YEAR) {
    problems.push(`asOf must be between ${MIN_AS_OF_YEAR}-01-01 and ${MAX_AS_OF_YEAR}-12-31, got "${asOf}"`);
  }

  const count = (field: string): number | undefined => {
    const value = json[field];
    if (value === undefined) problems.push(`${field} is missing`);
    else if (!isCount(value)) problems.push(`${field} must be a non-negative whole number, got ${describe(value)}`);
    else return value;
    return undefined;
  };
  const marketPlayers = count('marketPlayers');
  const smallAndMicro = count('smallAndMicro');
  const newSmallAndMicro = count('newSmallAndMicro');
  const samePeriodLastYear = count('newSmallAndMicroSamePeriodLastYear');

  const rawSectors = json['smallAndMicroBySector'];
  const bySector: Partial<Record<SectorKey, number>> = {};
  let sectorsValid = false;
  if (rawSectors === undefined) problems.push('smallAndMicroBySector is missing: give an object of sector keys and counts');
  else if (!isRecord(rawSectors))
    problems.push(`smallAndMicroBySector must be an object of sector keys and counts, got ${describe(rawSectors)}`);
  else {
    sectorsValid = true;
    const unknown = Object.keys(rawSectors).filter((key) => !(SECTOR_KEYS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      sectorsValid = false;
      problems.push(
        `smallAndMicroBySector has unknown sector key${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => `"${key}"`).join(', ')}; ` +
          `valid keys are ${SECTOR_KEYS.join(', ')}`,
      );
    }
    for (const sector of SECTOR_KEYS) {
      const value = rawSectors[sector];
      if (value === undefined) continue;
      if (!isCount(value)) {
        sectorsValid = false;
        problems.push(`smallAndMicroBySector.${sector} must be a non-negative whole number, got ${describe(value)}`);
      } else {
        if (value > 0 && classesOfSector(sector).length === 0) {
          problems.push(
            `smallAndMicroBySector.${sector} is ${value}, but no industry class of that sector can hold a small or micro enterprise`,
          );
        }
        bySector[sector] = value;
      }
    }
  }

  if (marketPlayers !== undefined && smallAndMicro !== undefined && smallAndMicro > marketPlayers) {
    problems.push(
      `smallAndMicro (${smallAndMicro}) cannot exceed marketPlayers (${marketPlayers}): every small or micro enterprise is a market player`,
    );
  }
  if (sectorsValid && smallAndMicro !== undefined) {
    const sum = Object.values(bySector).reduce((total, value) => total + value, 0);
    if (sum !== smallAndMicro) {
      const parts = SECTOR_KEYS.filter((sector) => bySector[sector] !== undefined).map((sector) => `${sector} ${bySector[sector]}`);
      problems.push(
        `smallAndMicroBySector adds up to ${sum} (${parts.join(' + ') || 'no sectors'}), but smallAndMicro is ${smallAndMicro}: ` +
          `they must be equal (difference ${smallAndMicro - sum})`,
      );
    }
  }
  if (smallAndMicro !== undefined && newSmallAndMicro !== undefined && newSmallAndMicro > smallAndMicro) {
    problems.push(
      `newSmallAndMicro (${newSmallAndMicro}) cannot exceed smallAndMicro (${smallAndMicro}): new ones are counted in the total`,
    );
  }
  if (
    smallAndMicro !== undefined &&
    newSmallAndMicro !== undefined &&
    samePeriodLastYear !== undefined &&
    newSmallAndMicro <= smallAndMicro &&
    samePeriodLastYear > smallAndMicro - newSmallAndMicro
  ) {
    problems.push(
      `newSmallAndMicroSamePeriodLastYear (${samePeriodLastYear}) cannot exceed smallAndMicro − newSmallAndMicro ` +
        `(${smallAndMicro} − ${newSmallAndMicro} = ${smallAndMicro - newSmallAndMicro}): ` +
        `last year's new enterprises were established before this year and are still counted in smallAndMicro`,
    );
  }

  if (problems.length > 0) throw new SeedSpecError(problems);
  return {
    asOf: asOf as string,
    marketPlayers: marketPlayers!,
    smallAndMicro: smallAndMicro!,
    smallAndMicroBySector: bySector,
    newSmallAndMicro: newSmallAndMicro!,
    newSmallAndMicroSamePeriodLastYear: samePeriodLastYear!,
  };
}

/** What `stats:summary --as-of <spec.asOf> --json` must print once the plan is registered. */
export function expectedSummary(spec: SeedSpec): StatsSummary {
  return buildSummary(parseSeedSpec(spec));
}

// ---------------------------------------------------------------------------------------------------------
// Randomness and dates

type Random = () => number;

/** mulberry32: a small, fast 32-bit PRNG; plenty for demo data, and identical on every platform. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function integerBetween(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Log-uniform: small values are more common than large ones, as they are among enterprises. */
function logBetween(random: Random, low: number, high: number): number {
  return low * Math.pow(high / low, random());
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let target = random() * total;
  for (const [item, weight] of items) {
    target -= weight;
    if (target < 0) return item;
  }
  return items[items.length - 1][0];
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other], items[index]];
  }
  return items;
}

const MS_PER_DAY = 86_400_000;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

interface DayRange {
  readonly first: number;
  readonly last: number;
}

function dayIn(random: Random, range: DayRange): string {
  return dateOf(integerBetween(random, range.first, range.last));
}

function yearRange(year: number, lastDay?: number): DayRange {
  const first = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
  const last = dayNumber(`${String(year).padStart(4, '0')}-12-31`);
  return { first, last: lastDay === undefined ? last : Math.min(last, lastDay) };
}

// ---------------------------------------------------------------------------------------------------------
// Industries, names and places

/**
 * S91–S93 are Party organs, state organs and the CPPCC: not market players, so a demo enterprise is never put
 * there while its sector has other classes.
 */
const NOT_FOR_MARKET_PLAYERS = /^S9[1-3]/;

let classesBySector: ReadonlyMap<SectorKey, readonly IndustryClass[]> | undefined;

function classesOfSector(sector: SectorKey): readonly IndustryClass[] {
  if (classesBySector === undefined) {
    const grouped = new Map<SectorKey, IndustryClass[]>(SECTOR_KEYS.map((key) => [key, []]));
    for (const industryClass of industryClasses()) grouped.get(industryClass.section.sector)!.push(industryClass);
    for (const [key, classes] of grouped) {
      const usable = classes.filter((industryClass) => !NOT_FOR_MARKET_PLAYERS.test(industryClass.code));
      grouped.set(key, usable.length > 0 ? usable : classes);
    }
    classesBySector = grouped;
  }
  return classesBySector.get(sector) ?? [];
}

/**
 * Characters common in trade names for their good meaning. Left out on purpose: characters of the restricted
 * words (中国, 国际, 国家, 全国, 集团, 分公司; Decree 734 Art. 12–14) and of organisational forms (有限, 公司,
 * 合伙, 合作社, 店, 行, 部, 厂, 馆), characters of the industry phrases below (so that a trade name is never an
 * industry term, Art. 8 ¶2), 大连 and characters that form many place names (东, 西, 南, 北, 永, 宁, 安, 和, 平,
 * 龙, 长, 新, 山, 江, 河, 州, 阳, 城).
 */
export const TRADE_NAME_CHARACTERS: readonly string[] = Object.freeze([
  ...'华盛鑫海泰隆瑞恒兴达昌荣丰源福祥宏宇晟鼎博睿嘉诚通富佳美锦绣德盈益汇聚创润泽远航久利顺祺禧宝悦欣辉耀旭升腾飞凯宸骏驰洋浩瀚涵澜涛锐卓越优尚品雅致臻豪威迅捷诺亿立成康健乐怡茂森鹏鸿麟凤星辰晨朗阔毅铭钧铂璟琪瑾璐珑琳珍瑶翔翰墨弘扬振泓沐澄清汐沛霖露云霞蓝青碧翠韵逸灵启智慧恺谦雍敏杰俊英贤嵘峰岳峻泉晖煜',
]);

/**
 * Two-character combinations that are county-level or higher place names, which may not be a trade name
 * (Decree 734 Art. 8 ¶2). A best effort: the reference data holds no national division list to check against.
 */
const PLACE_NAMES: ReadonlySet<string> = new Set(
  (
    '泰顺 泰兴 兴隆 兴海 昌乐 丰润 丰顺 丰泽 宝丰 宝兴 宝清 瑞昌 德兴 德昌 德清 嘉祥 嘉兴 顺昌 顺德 隆昌 隆德 康乐 乐清 乐昌 祥云 ' +
    '凤翔 英德 灵宝 海丰 海兴 振兴 威海 威远 福清 福泉 福鼎 福海 富顺 富锦 富源 清远 清丰 荣成 荣昌 通海 澄海 瑶海 ' +
    '博兴 博乐'
  ).split(' '),
);

let twoCharacterNames: readonly string[] | undefined;

function twoCharacterTradeNames(): readonly string[] {
  if (twoCharacterNames === undefined) {
    const names: string[] = [];
    for (const first of TRADE_NAME_CHARACTERS) {
      for (const second of TRADE_NAME_CHARACTERS) {
        if (first !== second && !PLACE_NAMES.has(first + second)) names.push(first + second);
      }
    }
    twoCharacterNames = names;
  }
  return twoCharacterNames;
}

const CHARACTER_COUNT = TRADE_NAME_CHARACTERS.length;
/** Three different characters in order. */
const THREE_CHARACTER_COUNT = CHARACTER_COUNT * (CHARACTER_COUNT - 1) * (CHARACTER_COUNT - 2);

/**
 * Mixed-radix digits: N choices for the first character, N − 1 for the second (skipping the first), N − 2
 * for the third (skipping both), so every index gives three different characters and no two indexes agree.
 */
function threeCharacterTradeName(index: number): string {
  const first = Math.floor(index / ((CHARACTER_COUNT - 1) * (CHARACTER_COUNT - 2)));
  let second = Math.floor(index / (CHARACTER_COUNT - 2)) % (CHARACTER_COUNT - 1);
  if (second >= first) second += 1;
  let third = index % (CHARACTER_COUNT - 2);
  for (const taken of first < second ? [first, second] : [second, first]) if (third >= taken) third += 1;
  return TRADE_NAME_CHARACTERS[first] + TRADE_NAME_CHARACTERS[second] + TRADE_NAME_CHARACTERS[third];
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** A bijection of 0..size−1 that scatters neighbours: k ↦ (step·k + offset) mod size, step coprime to size. */
function scatter(size: number, seed: number): (index: number) => number {
  let step = Math.floor(size * 0.6180339887) | 1;
  while (greatestCommonDivisor(step, size) !== 1) step += 1;
  const offset = Math.floor(mulberry32(seed)() * size);
  // step·index < 2^53 for every size here (a few million squared), so the product is exact.
  return (index) => (step * index + offset) % size;
}

/** How many distinct trade names `tradeNameAt` can give: the two-character names and the three-character ones. */
export function tradeNameCapacity(): number {
  return twoCharacterTradeNames().length + THREE_CHARACTER_COUNT;
}

/**
 * The index-th trade name of a sequence without repeats, for indexes 0 to tradeNameCapacity() − 1: two- and
 * three-character names alternate while two-character names last, then three-character names follow. Each
 * kind is walked in a scattered order, so that neighbouring names do not share their first characters.
 */
export function tradeNameSequence(seed = 1): (index: number) => string {
  const two = twoCharacterTradeNames();
  const scatterTwo = scatter(two.length, seed);
  const scatterThree = scatter(THREE_CHARACTER_COUNT, seed ^ 0x5bd1e995);
  const capacity = two.length + THREE_CHARACTER_COUNT;
  return (index) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= capacity) {
      throw new RangeError(`trade name index must be a whole number from 0 to ${capacity - 1}, got ${index}`);
    }
    if (index < 2 * two.length) {
      const half = Math.floor(index / 2);
      return index % 2 === 0 ? two[scatterTwo(half)] : threeCharacterTradeName(scatterThree(half));
    }
    return threeCharacterTradeName(scatterThree(index - two.length));
  };
}

/** Industry phrases (行业或者经营特点) by the size industry where it tells more than the sector does. */
const PHRASES_BY_SIZE_INDUSTRY: Readonly<Partial<Record<SizeIndustryKey, readonly string[]>>> = {
  wholesale: ['贸易', '商贸', '进出口', '经贸', '实业'],
  retail: ['商贸', '百货', '超市', '汽车销售', '医药连锁'],
  transport: ['物流', '运输', '船务', '航运', '汽车运输'],
  warehousing: ['仓储', '物流', '冷链物流'],
  postal: ['快递', '速递'],
  accommodation: ['酒店管理', '酒店', '宾馆'],
  catering: ['餐饮管理', '餐饮', '餐饮服务'],
  information_transmission: ['网络科技', '通信技术', '信息科技'],
  software_it: ['科技', '信息技术', '软件', '网络科技', '数据科技'],
  real_estate_development: ['房地产开发', '置业', '地产'],
  property_management: ['物业管理', '物业服务'],
  construction: ['建筑工程', '建设工程', '装饰工程', '安装工程', '市政工程'],
  agriculture: ['农业', '水产', '农业科技', '种植', '养殖'],
  leasing_business: ['咨询', '企业管理', '商务服务', '租赁', '人力资源', '广告', '供应链管理', '会展服务'],
};

const PHRASES_BY_SECTION: Readonly<Record<string, readonly string[]>> = {
  B: ['矿业', '矿产'],
  C: ['制造', '机械设备', '电子', '精密机械', '新材料', '食品', '化工', '电气', '模具', '塑胶制品'],
  D: ['能源', '热力', '燃气'],
};

const PHRASES_BY_SECTOR: Readonly<Record<SectorKey, readonly string[]>> = {
  agriculture: ['农业', '水产'],
  industry: ['制造'],
  construction: ['建筑工程'],
  wholesale_retail: ['贸易', '商贸'],
  transport: ['物流', '运输'],
  accommodation_catering: ['餐饮管理', '酒店管理'],
  it: ['科技', '信息技术'],
  finance: ['投资', '资产管理', '商业保理', '融资租赁'],
  real_estate: ['房地产经纪', '不动产'],
  leasing_business: ['咨询', '企业管理'],
  research: ['技术服务', '检测', '工程设计', '生物科技', '科技'],
  water_environment: ['环保科技', '环境工程', '园林绿化'],
  resident_services: ['家政服务', '汽车维修', '美容', '洗衣'],
  education: ['教育科技', '教育咨询', '培训'],
  health: ['健康管理', '医疗管理', '医院管理'],
  culture: ['文化传媒', '文化发展', '体育发展', '影视'],
  public_other: ['社会服务', '服务'],
};

function phraseFor(random: Random, industryClass: IndustryClass): string {
  const phrases =
    PHRASES_BY_SIZE_INDUSTRY[industryClass.sizeIndustry] ??
    PHRASES_BY_SECTION[industryClass.section.letter] ??
    PHRASES_BY_SECTOR[industryClass.section.sector];
  return pick(random, phrases);
}

/** What individual households do, each with the class that fits the phrase; forms as SAIC Order No. 38 Art. 7 lists them. */
const HOUSEHOLD_TRADES: readonly (readonly [{ classCode: string; phrases: readonly string[]; forms: readonly string[] }, number])[] = [
  [{ classCode: 'F5211', phrases: ['百货', '日杂'], forms: ['店', '行', '部'] }, 12],
  [{ classCode: 'F5213', phrases: ['便利'], forms: ['店'] }, 10],
  [{ classCode: 'F5223', phrases: ['果蔬', '水果'], forms: ['店', '行'] }, 8],
  [{ classCode: 'F5226', phrases: ['烟酒', '茶叶'], forms: ['店', '行'] }, 6],
  [{ classCode: 'F5232', phrases: ['服装', '服饰'], forms: ['店', '行'] }, 8],
  [{ classCode: 'F5281', phrases: ['五金', '五金建材'], forms: ['店', '行', '部'] }, 5],
  [{ classCode: 'F5274', phrases: ['通讯器材', '手机'], forms: ['店', '部'] }, 4],
  [{ classCode: 'H6210', phrases: ['饭', '菜'], forms: ['店', '馆'] }, 8],
  [{ classCode: 'H6220', phrases: ['快餐', '面食'], forms: ['店', '馆'] }, 6],
  [{ classCode: 'H6291', phrases: ['小吃', '饺子'], forms: ['店', '馆'] }, 6],
  [{ classCode: 'O8040', phrases: ['美发', '美容美发'], forms: ['店', '部'] }, 8],
  [{ classCode: 'O8030', phrases: ['洗衣', '干洗'], forms: ['店', '部'] }, 3],
  [{ classCode: 'O8111', phrases: ['汽车维修', '汽车美容'], forms: ['部', '店'] }, 5],
  [{ classCode: 'O8132', phrases: ['家电维修'], forms: ['部', '店'] }, 3],
  [{ classCode: 'O8060', phrases: ['摄影'], forms: ['部', '店'] }, 2],
  [{ classCode: 'G5910', phrases: ['装卸', '搬运'], forms: ['部'] }, 2],
];

/** Farmers' specialised cooperatives, with fitting classes in section A. */
const COOPERATIVE_TRADES: readonly { classCode: string; phrase: string }[] = [
  { classCode: 'A0141', phrase: '蔬菜种植' },
  { classCode: 'A0151', phrase: '果树种植' },
  { classCode: 'A0152', phrase: '葡萄种植' },
  { classCode: 'A0143', phrase: '花卉种植' },
  { classCode: 'A0411', phrase: '海水养殖' },
  { classCode: 'A0313', phrase: '生猪养殖' },
  { classCode: 'A0321', phrase: '蛋鸡养殖' },
  { classCode: 'A0392', phrase: '养蜂' },
];

const BONDED_AREA = '210242';
const OTHER_DISTRICTS: readonly string[] = DISTRICTS.map((district) => district.code).filter((code) => code !== BONDED_AREA);

function districtFor(random: Random): string {
  return random() < 0.8 ? BONDED_AREA : pick(random, OTHER_DISTRICTS);
}

function organisationalFormFor(random: Random, entityType: EntityType, industryClass: IndustryClass): string {
  switch (entityType) {
    case 'limited_liability_company':
      return random() < 0.9 ? '有限公司' : '有限责任公司';
    case 'joint_stock_company':
      return '股份有限公司';
    case 'partnership':
      return random() < 0.7 ? '合伙企业（有限合伙）' : '合伙企业（普通合伙）';
    case 'sole_proprietorship':
      return industryClass.section.letter === 'C' ? '厂' : pick(random, ['商行', '经营部', '中心', '工作室']);
    case 'individual_household':
      return pick(random, ['店', '部', '行']);
    case 'farmers_cooperative':
      return '专业合作社';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sizes

interface Measures {
  employees: number;
  revenueWan: number;
  assetsWan: number;
}

/**
 * Values inside the tier for the indicators the industry's row uses: micro below every small bound, small
 * between the small and the medium bounds, medium between the medium bounds and the upper limits, large above
 * the upper limits. Money keeps a margin of 5 % from every bound. Indicators the row does not use are made
 * plausible from the others; they do not change the size.
 */
function measuresFor(random: Random, sizeIndustry: SizeIndustryKey, tier: SizeClass): Measures {
  const { small, medium, upper } = SIZE_THRESHOLDS[sizeIndustry];
  const used = sizeMetricsOf(sizeIndustry);
  const values: Partial<Record<SizeMetric, number>> = {};
  for (const metric of used) {
    const [s, m, u] = [small[metric]!, medium[metric]!, upper[metric]!];
    if (metric === 'employees') {
      const [low, high] = tier === 'micro' ? [1, s - 1] : tier === 'small' ? [s, m - 1] : tier === 'medium' ? [m, u - 1] : [u, u * 3];
      values[metric] = Math.min(high, Math.max(low, Math.round(logBetween(random, low, high + 0.999))));
    } else {
      const [low, high] =
        tier === 'micro'
          ? [s * 0.05, s * 0.9]
          : tier === 'small'
            ? [s * 1.05, m * 0.95]
            : tier === 'medium'
              ? [m * 1.05, u * 0.95]
              : [u * 1.05, u * 3];
      values[metric] = logBetween(random, low, high);
    }
  }
  const revenueWan = values.revenueWan ?? (values.employees ?? 1) * (5 + random() * 35);
  const employees = values.employees ?? Math.max(1, Math.round(revenueWan / (15 + random() * 45)));
  const assetsWan = values.assetsWan ?? revenueWan * (0.3 + random() * 1.2);
  return { employees, revenueWan, assetsWan };
}

/** Whole yuan, as accounts report them. */
function wanToFen(wan: number): bigint {
  return BigInt(Math.round(wan * 10_000)) * 100n;
}

// ---------------------------------------------------------------------------------------------------------
// The plan

type Draft =
  | { readonly kind: 'enterprise'; readonly sector: SectorKey; readonly size: SizeClass; readonly establishedOn: string }
  | { readonly kind: 'individual_household' | 'farmers_cooperative'; readonly establishedOn: string };

const SMALL_OR_MICRO_TYPES: readonly (readonly [EntityType, number])[] = [
  ['limited_liability_company', 90],
  ['sole_proprietorship', 5],
  ['partnership', 4],
  ['joint_stock_company', 1],
];
const MEDIUM_OR_LARGE_TYPES: readonly (readonly [EntityType, number])[] = [
  ['limited_liability_company', 80],
  ['joint_stock_company', 20],
];

/** Share of micro among small and micro enterprises. */
const MICRO_SHARE = 0.7;
/** Each year further back has this share of the registrations of the year after it. */
const YEARLY_DECAY = 0.8;

/**
 * The enterprise blueprints and other market players whose figures as of spec.asOf are exactly the spec's:
 * - small and micro enterprises by sector as the spec has them; newSmallAndMicro of them established from
 *   1 January to asOf, samePeriodLastYear of them in last year's same period, the rest in the remainder of last
 *   year (at last year's pace) and in the years before;
 * - the other market players (3–6 % of them medium or large enterprises, the rest individual households and a
 *   few farmers' cooperatives), established on any day up to asOf;
 * - `extraAfterAsOf` market players established in the weeks after asOf, which the figures leave out.
 * Every enterprise's employees, revenue and assets are checked with `classifyEnterprise` against its target.
 */
export function planSeed(spec: SeedSpec, options: SeedPlanOptions = {}): Blueprint[] {
  const valid = parseSeedSpec(spec);
  const seed = options.seed ?? 1;
  const extraAfterAsOf = options.extraAfterAsOf ?? 0;
  const optionProblems: string[] = [];
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    optionProblems.push(`seed must be a whole number from 0 to 4294967295, got ${describe(seed)}`);
  }
  if (!isCount(extraAfterAsOf)) optionProblems.push(`extraAfterAsOf must be a non-negative whole number, got ${describe(extraAfterAsOf)}`);
  else if (valid.marketPlayers + extraAfterAsOf > tradeNameCapacity()) {
    optionProblems.push(
      `marketPlayers + extraAfterAsOf (${valid.marketPlayers + extraAfterAsOf}) exceeds the ${tradeNameCapacity()} distinct trade names the plan can give`,
    );
  }
  if (optionProblems.length > 0) throw new SeedSpecError(optionProblems);

  const random = mulberry32(seed);
  const asOfDay = dayNumber(valid.asOf);
  const year = Number(valid.asOf.slice(0, 4));
  const periods = samePeriod(valid.asOf);
  const thisYearPeriod: DayRange = { first: dayNumber(periods.thisYear.from), last: asOfDay };
  const lastYearPeriod: DayRange = { first: dayNumber(periods.lastYear.from), last: dayNumber(periods.lastYear.to) };
  const restOfLastYear: DayRange = { first: lastYearPeriod.last + 1, last: yearRange(year - 1).last };

  const sectorWeights: (readonly [SectorKey, number])[] = SECTOR_KEYS.map((sector) => [sector, valid.smallAndMicroBySector[sector] ?? 0]);
  const enterpriseSectors: readonly (readonly [SectorKey, number])[] = sectorWeights.some(([, weight]) => weight > 0)
    ? sectorWeights
    : SECTOR_KEYS.filter((sector) => sector !== 'public_other').map((sector) => [sector, 1] as const);

  /** Any day up to asOf, recent years more likely (this year in proportion to the part of it that has passed). */
  const yearsUpToAsOf = Array.from({ length: YEARS_BACK + 1 }, (_, back) => {
    const range = yearRange(year - back, asOfDay);
    return [range, Math.pow(YEARLY_DECAY, back) * ((range.last - range.first + 1) / 365)] as const;
  });
  const anyDayUpToAsOf = (): string => dayIn(random, pickWeighted(random, yearsUpToAsOf));
  /** A day before this year and outside last year's same period. */
  const earlierYears = Array.from(
    { length: YEARS_BACK - 1 },
    (_, back) => [yearRange(year - 2 - back), Math.pow(YEARLY_DECAY, back)] as const,
  );

  const drafts: Draft[] = [];

  // Small and micro enterprises: sectors exactly as specified, then dealt out to the periods.
  const smallAndMicroSectors = shuffle(
    random,
    SECTOR_KEYS.flatMap((sector) => Array.from({ length: valid.smallAndMicroBySector[sector] ?? 0 }, () => sector)),
  );
  const newCount = valid.newSmallAndMicro;
  const lastYearCount = valid.newSmallAndMicroSamePeriodLastYear;
  const olderCount = valid.smallAndMicro - newCount - lastYearCount;
  const restOfLastYearDays = Math.max(0, restOfLastYear.last - restOfLastYear.first + 1);
  const lastYearPeriodDays = lastYearPeriod.last - lastYearPeriod.first + 1;
  const restOfLastYearCount = Math.min(olderCount, Math.round((lastYearCount * restOfLastYearDays) / lastYearPeriodDays));
  smallAndMicroSectors.forEach((sector, index) => {
    let establishedOn: string;
    if (index < newCount) establishedOn = dayIn(random, thisYearPeriod);
    else if (index < newCount + lastYearCount) establishedOn = dayIn(random, lastYearPeriod);
    else if (index < newCount + lastYearCount + restOfLastYearCount) establishedOn = dayIn(random, restOfLastYear);
    else establishedOn = dayIn(random, pickWeighted(random, earlierYears));
    drafts.push({ kind: 'enterprise', sector, size: random() < MICRO_SHARE ? 'micro' : 'small', establishedOn });
  });

  // The other market players up to asOf.
  const others = valid.marketPlayers - valid.smallAndMicro;
  const mediumOrLarge = Math.min(others, Math.round(valid.marketPlayers * (0.03 + 0.03 * random())));
  const large = Math.round(mediumOrLarge * 0.15);
  const cooperatives = Math.round((others - mediumOrLarge) * 0.02);
  const households = others - mediumOrLarge - cooperatives;
  for (let index = 0; index < mediumOrLarge; index += 1) {
    const sector = pickWeighted(random, enterpriseSectors);
    drafts.push({ kind: 'enterprise', sector, size: index < large ? 'large' : 'medium', establishedOn: anyDayUpToAsOf() });
  }
  for (let index = 0; index < households; index += 1) drafts.push({ kind: 'individual_household', establishedOn: anyDayUpToAsOf() });
  for (let index = 0; index < cooperatives; index += 1) drafts.push({ kind: 'farmers_cooperative', establishedOn: anyDayUpToAsOf() });

  // After asOf: registered, but not in the as-of figures.
  const afterAsOf: DayRange = { first: asOfDay + 1, last: asOfDay + DAYS_AFTER_AS_OF };
  for (let index = 0; index < extraAfterAsOf; index += 1) {
    const establishedOn = dayIn(random, afterAsOf);
    if (random() < 0.15) drafts.push({ kind: 'individual_household', establishedOn });
    else {
      const sector = pickWeighted(random, enterpriseSectors);
      drafts.push({ kind: 'enterprise', sector, size: random() < MICRO_SHARE ? 'micro' : 'small', establishedOn });
    }
  }

  // Registered in date order, as a real register grew; shuffled first so that one day mixes all kinds.
  const ordered = shuffle(random, drafts).sort((a, b) =>
    a.establishedOn < b.establishedOn ? -1 : a.establishedOn > b.establishedOn ? 1 : 0,
  );
  const tradeNameAt = tradeNameSequence(seed);
  return ordered.map((draft, index) => blueprintFor(random, draft, tradeNameAt(index)));
}

function blueprintFor(random: Random, draft: Draft, tradeName: string): Blueprint {
  const district = districtFor(random);
  switch (draft.kind) {
    case 'individual_household': {
      const trade = pickWeighted(random, HOUSEHOLD_TRADES);
      const revenueWan = logBetween(random, 3, 150);
      return {
        entityType: 'individual_household',
        industryClass: trade.classCode,
        sizeTarget: null,
        employees: integerBetween(random, 1, 8),
        revenueFen: wanToFen(revenueWan),
        assetsFen: wanToFen(revenueWan * (0.2 + random() * 0.6)),
        establishedOn: draft.establishedOn,
        district,
        tradeName,
        industryPhrase: pick(random, trade.phrases),
        organisationalForm: pick(random, trade.forms),
      };
    }
    case 'farmers_cooperative': {
      const trade = pick(random, COOPERATIVE_TRADES);
      const revenueWan = logBetween(random, 20, 600);
      return {
        entityType: 'farmers_cooperative',
        industryClass: trade.classCode,
        sizeTarget: null,
        employees: integerBetween(random, 5, 40),
        revenueFen: wanToFen(revenueWan),
        assetsFen: wanToFen(revenueWan * (0.5 + random())),
        establishedOn: draft.establishedOn,
        // Farming is done in the rural districts rather than the bonded area.
        district: pick(random, OTHER_DISTRICTS),
        tradeName,
        industryPhrase: trade.phrase,
        organisationalForm: '专业合作社',
      };
    }
    case 'enterprise': {
      const industryClass = pick(random, classesOfSector(draft.sector));
      const entityType = pickWeighted(
        random,
        draft.size === 'small' || draft.size === 'micro' ? SMALL_OR_MICRO_TYPES : MEDIUM_OR_LARGE_TYPES,
      );
      const measures = measuresFor(random, industryClass.sizeIndustry, draft.size);
      const blueprint = {
        entityType,
        industryClass: industryClass.code,
        sizeTarget: draft.size,
        employees: measures.employees,
        revenueFen: wanToFen(measures.revenueWan),
        assetsFen: wanToFen(measures.assetsWan),
        establishedOn: draft.establishedOn,
        district,
        tradeName,
        industryPhrase: phraseFor(random, industryClass),
        organisationalForm: organisationalFormFor(random, entityType, industryClass),
      };
      const classified = classifyEnterprise(blueprint);
      if (classified.size !== draft.size || classified.sector !== draft.sector || !ENTITY_TYPE_INFO[entityType].isEnterprise) {
        throw new Error(
          `seed plan: ${industryClass.code} with ${blueprint.employees} employees, revenue ${blueprint.revenueFen} fen and assets ` +
            `${blueprint.assetsFen} fen classifies as ${classified.size} in ${classified.sector}, not ${draft.size} in ${draft.sector}`,
        );
      }
      return blueprint;
    }
  }
}
