import { checkNameParts } from '../../applications/domain/enterprise-name';
import { DISTRICTS } from '../../applications/domain/districts';
import { ENTITY_TYPE_INFO } from '../../applications/domain/entity-type';
import { loadNameRules } from '../../applications/name-rules.loader';
import { SECTOR_KEYS, sectorOf, type SectorKey } from '../../reference/industry-classification';
import {
  expectedSummary,
  parseSeedSpec,
  planSeed,
  SeedSpecError,
  tradeNameCapacity,
  tradeNameSequence,
  TRADE_NAME_CHARACTERS,
  type Blueprint,
  type SeedSpec,
} from './seed-plan';
import { classifyEnterprise } from './size-classification';
import { buildSummary, type SummaryCounts } from './summary';

/** shared/data/seed-figures.json: the Dalian Bonded Area as of the end of September 2016. */
const REPORTED: SeedSpec = {
  asOf: '2016-09-30',
  marketPlayers: 14592,
  smallAndMicro: 10360,
  smallAndMicroBySector: {
    wholesale_retail: 4899,
    industry: 1052,
    transport: 855,
    leasing_business: 820,
    it: 640,
    real_estate: 510,
    research: 480,
    construction: 420,
    accommodation_catering: 390,
    resident_services: 294,
  },
  newSmallAndMicro: 5384,
  newSmallAndMicroSamePeriodLastYear: 3077,
};

/** New small and micro enterprises fell on last year: 310 against 434. */
const FELL: SeedSpec = {
  asOf: '2017-06-30',
  marketPlayers: 3200,
  smallAndMicro: 2300,
  smallAndMicroBySector: {
    wholesale_retail: 1000,
    industry: 300,
    transport: 250,
    it: 200,
    leasing_business: 200,
    construction: 150,
    accommodation_catering: 100,
    research: 50,
    finance: 30,
    education: 10,
    agriculture: 5,
    public_other: 5,
  },
  newSmallAndMicro: 310,
  newSmallAndMicroSamePeriodLastYear: 434,
};

/** Ten market players, as of a leap day. */
const TINY: SeedSpec = {
  asOf: '2016-02-29',
  marketPlayers: 10,
  smallAndMicro: 6,
  smallAndMicroBySector: { wholesale_retail: 3, it: 2, industry: 1 },
  newSmallAndMicro: 2,
  newSmallAndMicroSamePeriodLastYear: 1,
};

/**
 * The figures as stats:summary defines them, written here independently of the code under test: market
 * players established on or before asOf; of them, enterprises classified small or micro, by sector; new ones
 * from 1 January to asOf, this year and last (28 February when asOf is 29 February).
 */
function countAsOf(blueprints: readonly Blueprint[], asOf: string): SummaryCounts {
  const year = asOf.slice(0, 4);
  const previous = String(Number(year) - 1);
  const lastYearTo = asOf.slice(5) === '02-29' ? `${previous}-02-28` : `${previous}${asOf.slice(4)}`;
  let marketPlayers = 0;
  let smallAndMicro = 0;
  let newSmallAndMicro = 0;
  let newSmallAndMicroSamePeriodLastYear = 0;
  const bySector: Partial<Record<SectorKey, number>> = {};
  for (const blueprint of blueprints) {
    if (blueprint.establishedOn > asOf) continue;
    marketPlayers += 1;
    const classified = classifyEnterprise(blueprint);
    if (!classified.isEnterprise || (classified.size !== 'small' && classified.size !== 'micro')) continue;
    smallAndMicro += 1;
    bySector[classified.sector] = (bySector[classified.sector] ?? 0) + 1;
    if (blueprint.establishedOn >= `${year}-01-01`) newSmallAndMicro += 1;
    if (blueprint.establishedOn >= `${previous}-01-01` && blueprint.establishedOn <= lastYearTo) newSmallAndMicroSamePeriodLastYear += 1;
  }
  return { asOf, marketPlayers, smallAndMicro, smallAndMicroBySector: bySector, newSmallAndMicro, newSmallAndMicroSamePeriodLastYear };
}

function refusal(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof SeedSpecError) return error.problems;
    throw error;
  }
  throw new Error('expected a SeedSpecError');
}

const nameRules = loadNameRules();
const districtCodes = new Set(DISTRICTS.map((district) => district.code));

const started = performance.now();
const reportedPlan = planSeed(REPORTED, { extraAfterAsOf: 120 });
const reportedMilliseconds = performance.now() - started;

describe('planSeed for the reported figures', () => {
  // Timing is reported, not asserted: machines here are noisy (bench/ measures performance).
  it('plans every market player of the spec', () => {
    console.log(`planSeed(reported figures, 14592 + 120 market players): ${reportedMilliseconds.toFixed(0)} ms`);
    expect(reportedPlan).toHaveLength(14592 + 120);
  });

  it('gives 71.0 %, 4899 / 1052 / 855 at the top and 5384 against 3077 (+75.0 %)', () => {
    const summary = buildSummary(countAsOf(reportedPlan, REPORTED.asOf));
    expect(summary).toEqual(expectedSummary(REPORTED));
    expect(summary.marketPlayers).toBe(14592);
    expect(summary.smallAndMicro).toEqual({ count: 10360, sharePercent: 71.0 });
    expect(summary.smallAndMicroBySector.slice(0, 3)).toEqual([
      { sector: 'wholesale_retail', count: 4899 },
      { sector: 'industry', count: 1052 },
      { sector: 'transport', count: 855 },
    ]);
    expect(summary.newSmallAndMicro).toEqual({ count: 5384, samePeriodLastYear: 3077, growthPercent: 75.0 });
  });

  it('makes 3–6 % of the market players medium or large enterprises, and the rest households and a few cooperatives', () => {
    const upToAsOf = reportedPlan.filter((blueprint) => blueprint.establishedOn <= REPORTED.asOf);
    const mediumOrLarge = upToAsOf.filter((blueprint) => blueprint.sizeTarget === 'medium' || blueprint.sizeTarget === 'large');
    expect(mediumOrLarge.length / REPORTED.marketPlayers).toBeGreaterThanOrEqual(0.03);
    expect(mediumOrLarge.length / REPORTED.marketPlayers).toBeLessThanOrEqual(0.06);
    expect(mediumOrLarge.some((blueprint) => blueprint.sizeTarget === 'large')).toBe(true);
    const households = upToAsOf.filter((blueprint) => blueprint.entityType === 'individual_household').length;
    const cooperatives = upToAsOf.filter((blueprint) => blueprint.entityType === 'farmers_cooperative').length;
    expect(mediumOrLarge.length + households + cooperatives).toBe(REPORTED.marketPlayers - REPORTED.smallAndMicro);
    expect(cooperatives).toBeGreaterThan(0);
    expect(cooperatives).toBeLessThan(households);
  });

  it('spreads the older small and micro enterprises over the rest of last year and the years before', () => {
    const older = reportedPlan.filter(
      (blueprint) => (blueprint.sizeTarget === 'small' || blueprint.sizeTarget === 'micro') && blueprint.establishedOn < '2016-01-01',
    );
    const restOfLastYear = older.filter((blueprint) => blueprint.establishedOn > '2015-09-30');
    const earlierYears = new Set(
      older.filter((blueprint) => blueprint.establishedOn < '2015-01-01').map((blueprint) => blueprint.establishedOn.slice(0, 4)),
    );
    expect(restOfLastYear.length).toBeGreaterThan(500);
    expect(earlierYears.size).toBeGreaterThanOrEqual(5);
  });

  it('puts most market players in the bonded area (210242), the others in Dalian districts', () => {
    const bonded = reportedPlan.filter((blueprint) => blueprint.district === '210242').length;
    expect(bonded / reportedPlan.length).toBeGreaterThan(0.6);
    expect(new Set(reportedPlan.map((blueprint) => blueprint.district)).size).toBe(11);
  });

  it('mixes two- and three-character trade names', () => {
    const lengths = new Set(reportedPlan.map((blueprint) => [...blueprint.tradeName].length));
    expect([...lengths].sort()).toEqual([2, 3]);
  });
});

describe.each<[string, SeedSpec, number]>([
  ['the reported figures', REPORTED, 120],
  ['a fall on last year', FELL, 40],
  ['ten market players', TINY, 3],
])('planSeed for %s', (_name, spec, extraAfterAsOf) => {
  const plan = spec === REPORTED ? reportedPlan : planSeed(spec, { extraAfterAsOf });

  it('has every market player up to asOf and the extra ones after it', () => {
    expect(plan).toHaveLength(spec.marketPlayers + extraAfterAsOf);
    expect(plan.filter((blueprint) => blueprint.establishedOn > spec.asOf)).toHaveLength(extraAfterAsOf);
  });

  it('gives exactly the spec’s statistics as of asOf', () => {
    expect(buildSummary(countAsOf(plan, spec.asOf))).toEqual(expectedSummary(spec));
    expect(countAsOf(plan, spec.asOf)).toEqual({
      ...spec,
      smallAndMicroBySector: Object.fromEntries(Object.entries(spec.smallAndMicroBySector).filter(([, count]) => count > 0)),
    });
  });

  // Loops collect what is wrong and assert once: one expect per blueprint would take seconds.
  it('classifies every blueprint as its target size, in the sector of its class', () => {
    const wrong = plan.filter((blueprint) => {
      const classified = classifyEnterprise(blueprint);
      return (
        classified.size !== blueprint.sizeTarget ||
        classified.isEnterprise !== ENTITY_TYPE_INFO[blueprint.entityType].isEnterprise ||
        classified.sector !== sectorOf(blueprint.industryClass)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('gives every market player a distinct trade name of 2–3 curated characters', () => {
    const names = plan.map((blueprint) => blueprint.tradeName);
    expect(new Set(names).size).toBe(names.length);
    const allowed = new Set(TRADE_NAME_CHARACTERS);
    const wrong = names.filter((name) => {
      const characters = [...name];
      return (characters.length !== 2 && characters.length !== 3) || !characters.every((character) => allowed.has(character));
    });
    expect(wrong).toEqual([]);
  });

  it('gives names that the portal’s name check accepts for the entity type', () => {
    const problems = plan.flatMap((blueprint) => {
      const parts = {
        division: '大连',
        tradeName: blueprint.tradeName,
        industryPhrase: blueprint.industryPhrase,
        organisationalForm: blueprint.organisationalForm,
      };
      return checkNameParts(parts, nameRules, blueprint.entityType).map((problem) => ({ parts, problem: problem.message_en }));
    });
    expect(problems).toEqual([]);
    expect(plan.filter((blueprint) => blueprint.tradeName === blueprint.industryPhrase)).toEqual([]);
  });

  it('uses organisational forms that fit the entity type', () => {
    const forms: Record<Blueprint['entityType'], RegExp> = {
      limited_liability_company: /^有限(责任)?公司$/,
      joint_stock_company: /^股份有限公司$/,
      partnership: /^合伙企业（(有限|普通)合伙）$/,
      sole_proprietorship: /^(厂|商行|经营部|中心|工作室)$/,
      individual_household: /^(店|部|行|馆)$/,
      farmers_cooperative: /^专业合作社$/,
    };
    expect(plan.filter((blueprint) => !forms[blueprint.entityType].test(blueprint.organisationalForm))).toEqual([]);
  });

  it('uses real dates in registration order, Dalian districts, and non-negative whole figures', () => {
    const wrong = plan.filter(
      (blueprint, index) =>
        !/^\d{4}-\d{2}-\d{2}$/.test(blueprint.establishedOn) ||
        new Date(`${blueprint.establishedOn}T00:00:00Z`).toISOString().slice(0, 10) !== blueprint.establishedOn ||
        (index > 0 && blueprint.establishedOn < plan[index - 1].establishedOn) ||
        !districtCodes.has(blueprint.district) ||
        !Number.isInteger(blueprint.employees) ||
        blueprint.employees < 1 ||
        blueprint.revenueFen <= 0n ||
        blueprint.assetsFen <= 0n ||
        blueprint.revenueFen % 100n !== 0n,
    );
    expect(wrong).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    expect(planSeed(spec, { extraAfterAsOf })).toEqual(plan);
  });
});

describe('planSeed options', () => {
  it('gives another plan for another seed, with the same statistics', () => {
    const other = planSeed(FELL, { seed: 2 });
    expect(other).not.toEqual(planSeed(FELL, { seed: 1 }));
    expect(buildSummary(countAsOf(other, FELL.asOf))).toEqual(expectedSummary(FELL));
  });

  it('adds no market players after asOf by default', () => {
    const plan = planSeed(TINY);
    expect(plan).toHaveLength(10);
    expect(plan.every((blueprint) => blueprint.establishedOn <= TINY.asOf)).toBe(true);
  });

  it('handles a register of small and micro enterprises only, and an empty one', () => {
    const onlySmall: SeedSpec = { ...TINY, marketPlayers: 6 };
    expect(buildSummary(countAsOf(planSeed(onlySmall), onlySmall.asOf))).toEqual(expectedSummary(onlySmall));
    const empty: SeedSpec = {
      ...TINY,
      marketPlayers: 0,
      smallAndMicro: 0,
      smallAndMicroBySector: {},
      newSmallAndMicro: 0,
      newSmallAndMicroSamePeriodLastYear: 0,
    };
    expect(planSeed(empty)).toEqual([]);
    expect(expectedSummary(empty).newSmallAndMicro.growthPercent).toBeNull();
  });

  it('puts small and micro enterprises in every sector when asked to', () => {
    const everySector: SeedSpec = {
      asOf: '2020-12-31',
      marketPlayers: 40,
      smallAndMicro: 34,
      smallAndMicroBySector: Object.fromEntries(SECTOR_KEYS.map((sector) => [sector, 2])),
      newSmallAndMicro: 10,
      newSmallAndMicroSamePeriodLastYear: 10,
    };
    expect(buildSummary(countAsOf(planSeed(everySector), everySector.asOf))).toEqual(expectedSummary(everySector));
  });

  it('refuses bad options', () => {
    expect(refusal(() => planSeed(TINY, { seed: -1 }))).toEqual(['seed must be a whole number from 0 to 4294967295, got -1']);
    expect(refusal(() => planSeed(TINY, { extraAfterAsOf: 1.5 }))).toEqual(['extraAfterAsOf must be a non-negative whole number, got 1.5']);
  });

  it('refuses more market players than there are distinct trade names', () => {
    const huge: SeedSpec = {
      ...TINY,
      marketPlayers: tradeNameCapacity(),
      smallAndMicro: 0,
      smallAndMicroBySector: {},
      newSmallAndMicro: 0,
      newSmallAndMicroSamePeriodLastYear: 0,
    };
    expect(refusal(() => planSeed(huge, { extraAfterAsOf: 1 }))).toEqual([
      `marketPlayers + extraAfterAsOf (${tradeNameCapacity() + 1}) exceeds the ${tradeNameCapacity()} distinct trade names the plan can give`,
    ]);
  });
});

describe('parseSeedSpec', () => {
  it('reads the spec file, comments included', () => {
    const file: unknown = JSON.parse(JSON.stringify({ $comment: 'Figures reported for the Dalian Bonded Area', ...REPORTED }));
    expect(parseSeedSpec(file)).toEqual(REPORTED);
  });

  it('refuses smallAndMicro above marketPlayers', () => {
    expect(refusal(() => parseSeedSpec({ ...TINY, marketPlayers: 5 }))).toEqual([
      'smallAndMicro (6) cannot exceed marketPlayers (5): every small or micro enterprise is a market player',
    ]);
  });

  it('refuses sectors that do not add up to smallAndMicro, naming the numbers', () => {
    expect(refusal(() => parseSeedSpec({ ...REPORTED, smallAndMicro: 10400 }))).toEqual([
      'smallAndMicroBySector adds up to 10360 (industry 1052 + construction 420 + wholesale_retail 4899 + transport 855 + ' +
        'accommodation_catering 390 + it 640 + real_estate 510 + leasing_business 820 + research 480 + resident_services 294), ' +
        'but smallAndMicro is 10400: they must be equal (difference 40)',
    ]);
  });

  it('refuses unknown sector keys, listing the valid ones', () => {
    expect(refusal(() => parseSeedSpec({ ...TINY, smallAndMicroBySector: { wholesale_retail: 3, it: 2, manufacturing: 1 } }))).toEqual([
      `smallAndMicroBySector has unknown sector key "manufacturing"; valid keys are ${SECTOR_KEYS.join(', ')}`,
    ]);
  });

  it('refuses more new small and micro enterprises than there are', () => {
    expect(refusal(() => parseSeedSpec({ ...TINY, newSmallAndMicro: 7 }))).toEqual([
      'newSmallAndMicro (7) cannot exceed smallAndMicro (6): new ones are counted in the total',
    ]);
  });

  it('refuses a same-period figure that the older enterprises cannot hold', () => {
    expect(refusal(() => parseSeedSpec({ ...REPORTED, newSmallAndMicroSamePeriodLastYear: 4977 }))).toEqual([
      'newSmallAndMicroSamePeriodLastYear (4977) cannot exceed smallAndMicro − newSmallAndMicro (10360 − 5384 = 4976): ' +
        "last year's new enterprises were established before this year and are still counted in smallAndMicro",
    ]);
    expect(parseSeedSpec({ ...REPORTED, newSmallAndMicroSamePeriodLastYear: 4976 }).newSmallAndMicroSamePeriodLastYear).toBe(4976);
  });

  it.each<[string, unknown, string]>([
    ['a negative count', { ...TINY, marketPlayers: -1 }, 'marketPlayers must be a non-negative whole number, got -1'],
    ['a fractional count', { ...TINY, newSmallAndMicro: 1.5 }, 'newSmallAndMicro must be a non-negative whole number, got 1.5'],
    ['a count in a string', { ...TINY, smallAndMicro: '6' }, 'smallAndMicro must be a non-negative whole number, got "6"'],
    [
      'a negative sector count',
      { ...TINY, smallAndMicroBySector: { it: -1 } },
      'smallAndMicroBySector.it must be a non-negative whole number, got -1',
    ],
    ['a day that does not exist', { ...TINY, asOf: '2015-02-29' }, 'asOf must be a real date written YYYY-MM-DD, got "2015-02-29"'],
    ['a date in another format', { ...TINY, asOf: '30/09/2016' }, 'asOf must be a real date written YYYY-MM-DD, got "30/09/2016"'],
    ['a date out of range', { ...TINY, asOf: '1850-01-01' }, 'asOf must be between 1900-01-01 and 9998-12-31, got "1850-01-01"'],
    [
      'sectors as a list',
      { ...TINY, smallAndMicroBySector: [3, 2, 1] },
      'smallAndMicroBySector must be an object of sector keys and counts, got [3,2,1]',
    ],
    [
      'an unknown field',
      { ...TINY, households: 4 },
      'unknown field "households"; a spec has asOf, marketPlayers, smallAndMicro, smallAndMicroBySector, newSmallAndMicro, newSmallAndMicroSamePeriodLastYear (keys starting with "$" are comments)',
    ],
  ])('refuses %s', (_name, json, problem) => {
    expect(refusal(() => parseSeedSpec(json))).toContain(problem);
  });

  it('names every missing field, and refuses what is not an object', () => {
    expect(refusal(() => parseSeedSpec({}))).toEqual([
      'asOf is missing: give the date the figures are as of, written YYYY-MM-DD',
      'marketPlayers is missing',
      'smallAndMicro is missing',
      'newSmallAndMicro is missing',
      'newSmallAndMicroSamePeriodLastYear is missing',
      'smallAndMicroBySector is missing: give an object of sector keys and counts',
    ]);
    expect(refusal(() => parseSeedSpec([REPORTED]))[0]).toMatch(/^the spec must be a JSON object/);
    expect(refusal(() => parseSeedSpec(null))[0]).toMatch(/^the spec must be a JSON object/);
  });

  it('lists all problems at once, in the error message too', () => {
    let caught: unknown;
    try {
      planSeed({ ...TINY, marketPlayers: 5, newSmallAndMicro: 7 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SeedSpecError);
    const error = caught as SeedSpecError;
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe(`The seed spec cannot be used:\n- ${error.problems.join('\n- ')}`);
    expect(error.name).toBe('SeedSpecError');
  });
});

describe('tradeNameSequence', () => {
  it('has room for at least 2 million names', () => {
    expect(tradeNameCapacity()).toBeGreaterThanOrEqual(2_000_000);
  });

  it.each<[number, number]>([
    [1, 2_000_000],
    [99, 200_000],
  ])('with seed %d never repeats a name in its first %d', (seed, count) => {
    // A bitmap over the names read as base-N numbers (two-character names offset past the three-character
    // ones) is much faster than a Set of two million strings.
    const at = tradeNameSequence(seed);
    const digit = new Map(TRADE_NAME_CHARACTERS.map((character, index) => [character, index]));
    const base = TRADE_NAME_CHARACTERS.length;
    const seen = new Uint8Array(base ** 3 + base ** 2);
    let repeats = 0;
    for (let index = 0; index < count; index += 1) {
      const name = at(index);
      const key = (name.length === 2 ? base ** 3 : 0) + [...name].reduce((value, character) => value * base + digit.get(character)!, 0);
      repeats += seen[key];
      seen[key] = 1;
    }
    expect(repeats).toBe(0);
  });

  it('gives every name of its capacity exactly once at the end of the range too', () => {
    const at = tradeNameSequence(1);
    const capacity = tradeNameCapacity();
    const tail = new Set<string>();
    for (let index = capacity - 50_000; index < capacity; index += 1) tail.add(at(index));
    expect(tail.size).toBe(50_000);
    expect(() => at(capacity)).toThrow(/trade name index must be a whole number from 0 to/);
    expect(() => at(-1)).toThrow(/trade name index/);
  });

  it('curates distinct characters, none from restricted words, organisational forms, 大连 or the industry phrases', () => {
    expect(new Set(TRADE_NAME_CHARACTERS).size).toBe(TRADE_NAME_CHARACTERS.length);
    for (const character of '中国际家全集团分有限公司合伙作社店行部厂馆大连贸易物流运输科技信息餐饮酒建筑工程房地产业管理咨询制造机械设备') {
      expect(TRADE_NAME_CHARACTERS).not.toContain(character);
    }
  });
});
