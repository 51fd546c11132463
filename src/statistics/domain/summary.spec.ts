import fc from 'fast-check';
import { SECTOR_KEYS } from '../../reference/industry-classification';
import {
  buildSummary,
  growthPercent,
  inPeriod,
  isCalendarDate,
  roundPercent,
  samePeriod,
  tallyCounts,
  type CountedPlayer,
  type StatsSummary,
  type SummaryCounts,
} from './summary';

/** The Dalian Bonded Area's figures as of the end of September 2016 (shared/data/seed-figures.json). */
const REPORTED: SummaryCounts = {
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

describe('roundPercent', () => {
  it.each<[number, number, number]>([
    [10360, 14592, 71.0], // 70.997… — a share printed as 71.0
    [5384 - 3077, 3077, 75.0], // 74.975…
    [0, 0, 0],
    [0, 7, 0],
    [7, 7, 100],
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 7, 14.3],
    [1, 1000, 0.1],
    [1, 2001, 0], // 0.0499…
  ])('%d / %d → %d', (numerator, denominator, expected) => {
    expect(roundPercent(numerator, denominator)).toBe(expected);
  });

  it.each<[number, number, number]>([
    // x.x5 exactly: halves go away from zero (a float 10.15 is 10.1499…, which toFixed would round down).
    [1015, 10000, 10.2],
    [1005, 10000, 10.1],
    [1, 2000, 0.1],
    [3, 2000, 0.2],
    [2345, 20000, 11.7], // 11.725 → 11.7: only the second decimal counts
    [10045, 100000, 10.0], // 10.045 → 10.0
    // Negative halves round away from zero too.
    [-1015, 10000, -10.2],
    [-1, 2000, -0.1],
    [-3, 2000, -0.2],
    [1, -2000, -0.1],
    [-1, -2000, 0.1],
  ])('halves: %d / %d → %d', (numerator, denominator, expected) => {
    expect(roundPercent(numerator, denominator)).toBe(expected);
  });

  it('never gives −0', () => {
    expect(Object.is(roundPercent(-1, 3000), 0)).toBe(true);
  });

  it('refuses a non-zero share of nothing and non-integers', () => {
    expect(() => roundPercent(1, 0)).toThrow('cannot express 1 as a percentage of 0');
    expect(() => roundPercent(1.5, 3)).toThrow(/numerator must be a whole number/);
    expect(() => roundPercent(1, Number.NaN)).toThrow(/denominator must be a whole number/);
  });

  it('is within half a tenth of the exact value and has one decimal at most', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (numerator, denominator) => {
        const result = roundPercent(numerator, denominator);
        const tenths = Math.round(result * 10);
        expect(Math.abs(result * 10 - tenths)).toBeLessThan(1e-9);
        // |10·result − 1000·n/d| ≤ ½, compared exactly: |2·tenths·d − 2000·n| ≤ d.
        const gap = 2n * BigInt(tenths) * BigInt(denominator) - 2000n * BigInt(numerator);
        expect((gap < 0n ? -gap : gap) <= BigInt(denominator)).toBe(true);
        // Symmetric: halves away from zero in both directions.
        // (+ 0 turns a −0 into 0: roundPercent itself never returns −0.)
        expect(roundPercent(-numerator, denominator)).toBe(-result + 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('growthPercent', () => {
  it.each<[number, number, number | null]>([
    [5384, 3077, 75.0], // 5384 / 3077 = 1.7497…
    [900, 1000, -10.0],
    [1000, 1000, 0],
    [0, 1000, -100],
    [2000, 1000, 100],
    [1001, 2000, -50.0], // −49.95 → −50.0, away from zero
    [1999, 2000, -0.1], // −0.05 → −0.1
    [2001, 2000, 0.1],
    [5, 0, null],
    [0, 0, null],
  ])('%d on %d → %s', (current, previous, expected) => {
    expect(growthPercent(current, previous)).toBe(expected);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => growthPercent(-1, 3)).toThrow(/current must be a non-negative whole number/);
    expect(() => growthPercent(1, 2.5)).toThrow(/previous must be a non-negative whole number/);
  });
});

describe('samePeriod', () => {
  it.each<[string, string, string, string, string]>([
    ['2016-09-30', '2016-01-01', '2016-09-30', '2015-01-01', '2015-09-30'],
    ['2016-02-29', '2016-01-01', '2016-02-29', '2015-01-01', '2015-02-28'],
    ['2017-02-28', '2017-01-01', '2017-02-28', '2016-01-01', '2016-02-28'],
    ['2016-03-01', '2016-01-01', '2016-03-01', '2015-01-01', '2015-03-01'],
    ['2016-01-01', '2016-01-01', '2016-01-01', '2015-01-01', '2015-01-01'],
    ['2016-12-31', '2016-01-01', '2016-12-31', '2015-01-01', '2015-12-31'],
    ['2000-02-29', '2000-01-01', '2000-02-29', '1999-01-01', '1999-02-28'],
  ])('as of %s: this year %s to %s, last year %s to %s', (asOf, thisFrom, thisTo, lastFrom, lastTo) => {
    expect(samePeriod(asOf)).toEqual({ thisYear: { from: thisFrom, to: thisTo }, lastYear: { from: lastFrom, to: lastTo } });
  });

  it.each(['2015-02-29', '2016-13-01', '2016-09-31', '2016-9-30', '16-09-30', '2016-09-30T00:00', '', '1900-02-29'])(
    'refuses %j',
    (asOf) => {
      expect(() => samePeriod(asOf)).toThrow(`asOf must be a real date written YYYY-MM-DD, got "${asOf}"`);
    },
  );

  it('agrees with the calendar for every day of a leap and a common year', () => {
    for (const year of [2016, 2017]) {
      for (let day = Date.UTC(year, 0, 1); day <= Date.UTC(year, 11, 31); day += 86_400_000) {
        const asOf = new Date(day).toISOString().slice(0, 10);
        expect(isCalendarDate(asOf)).toBe(true);
        const { lastYear } = samePeriod(asOf);
        expect(isCalendarDate(lastYear.to)).toBe(true);
        expect(lastYear.to.slice(5)).toBe(asOf.slice(5) === '02-29' ? '02-28' : asOf.slice(5));
      }
    }
  });

  it('inPeriod includes both ends', () => {
    const { lastYear } = samePeriod('2016-09-30');
    expect(inPeriod('2015-01-01', lastYear)).toBe(true);
    expect(inPeriod('2015-09-30', lastYear)).toBe(true);
    expect(inPeriod('2015-10-01', lastYear)).toBe(false);
    expect(inPeriod('2014-12-31', lastYear)).toBe(false);
  });
});

describe('buildSummary', () => {
  it('gives the reported figures in the JSON of stats:summary', () => {
    const expected: StatsSummary = {
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
    };
    const summary = buildSummary(REPORTED);
    expect(summary).toEqual(expected);
    expect(JSON.stringify(summary)).toBe(JSON.stringify(expected));
    expect(Object.keys(summary)).toEqual(['asOf', 'marketPlayers', 'smallAndMicro', 'smallAndMicroBySector', 'newSmallAndMicro']);
    expect(Object.keys(summary.newSmallAndMicro)).toEqual(['count', 'samePeriodLastYear', 'growthPercent']);
  });

  it('orders sectors largest first, equal counts in sector-key order, and leaves out empty sectors', () => {
    const summary = buildSummary({
      asOf: '2017-06-30',
      marketPlayers: 100,
      smallAndMicro: 30,
      smallAndMicroBySector: { culture: 5, agriculture: 5, it: 10, finance: 0, health: 5, construction: 5 },
      newSmallAndMicro: 9,
      newSmallAndMicroSamePeriodLastYear: 10,
    });
    expect(summary.smallAndMicroBySector).toEqual([
      { sector: 'it', count: 10 },
      { sector: 'agriculture', count: 5 },
      { sector: 'construction', count: 5 },
      { sector: 'health', count: 5 },
      { sector: 'culture', count: 5 },
    ]);
    expect(summary.smallAndMicro.sharePercent).toBe(30);
    expect(summary.newSmallAndMicro.growthPercent).toBe(-10);
  });

  it('reports no growth when last year had none, and a zero share of an empty register', () => {
    const summary = buildSummary({
      asOf: '2016-02-29',
      marketPlayers: 0,
      smallAndMicro: 0,
      smallAndMicroBySector: {},
      newSmallAndMicro: 0,
      newSmallAndMicroSamePeriodLastYear: 0,
    });
    expect(summary).toEqual({
      asOf: '2016-02-29',
      marketPlayers: 0,
      smallAndMicro: { count: 0, sharePercent: 0 },
      smallAndMicroBySector: [],
      newSmallAndMicro: { count: 0, samePeriodLastYear: 0, growthPercent: null },
    });
  });

  it('refuses counts that are not counts', () => {
    expect(() => buildSummary({ ...REPORTED, asOf: '2016-02-30' })).toThrow(/asOf must be a real date/);
    expect(() => buildSummary({ ...REPORTED, marketPlayers: -1 })).toThrow(/marketPlayers must be a non-negative whole number/);
    expect(() => buildSummary({ ...REPORTED, smallAndMicroBySector: { it: 1.5 } })).toThrow(/smallAndMicroBySector.it/);
    expect(() => buildSummary({ ...REPORTED, smallAndMicroBySector: { retail: 1 } as SummaryCounts['smallAndMicroBySector'] })).toThrow(
      'unknown sector "retail"',
    );
  });

  it('orders any sector counts by count, then by SECTOR_KEYS', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...SECTOR_KEYS), fc.integer({ min: 0, max: 50 })), (bySector) => {
        const total = Object.values(bySector).reduce((sum, count) => sum + count, 0);
        const { smallAndMicroBySector } = buildSummary({ ...REPORTED, smallAndMicro: total, smallAndMicroBySector: bySector });
        expect(smallAndMicroBySector.every(({ count }) => count > 0)).toBe(true);
        expect(smallAndMicroBySector.reduce((sum, { count }) => sum + count, 0)).toBe(total);
        for (let index = 1; index < smallAndMicroBySector.length; index += 1) {
          const [before, after] = [smallAndMicroBySector[index - 1], smallAndMicroBySector[index]];
          expect(
            before.count > after.count ||
              (before.count === after.count && SECTOR_KEYS.indexOf(before.sector) < SECTOR_KEYS.indexOf(after.sector)),
          ).toBe(true);
        }
      }),
    );
  });
});

describe('tallyCounts', () => {
  const player = (establishedOn: string, isSmallOrMicro: boolean, sector: CountedPlayer['sector'] = 'it'): CountedPlayer => ({
    establishedOn,
    isSmallOrMicro,
    sector,
  });

  it('counts as of the date: this year, the same period last year, older, and nothing after the date', () => {
    const counts = tallyCounts(
      [
        player('2016-01-01', true), // new this year
        player('2016-09-30', true, 'transport'), // new this year, on the as-of date
        player('2016-10-01', true), // after asOf: not counted at all
        player('2015-01-01', true), // same period last year
        player('2015-09-30', true), // same period last year, its last day
        player('2015-10-01', true), // last year, after the same period
        player('2010-05-05', true, 'transport'),
        player('2016-03-03', false), // a household or a medium enterprise: a market player only
        player('2017-01-01', false), // after asOf
      ],
      '2016-09-30',
    );
    expect(counts).toEqual({
      asOf: '2016-09-30',
      marketPlayers: 7,
      smallAndMicro: 6,
      smallAndMicroBySector: { it: 4, transport: 2 },
      newSmallAndMicro: 2,
      newSmallAndMicroSamePeriodLastYear: 2,
    });
  });

  it('ends last year’s period on 28 February when asOf is 29 February', () => {
    const counts = tallyCounts([player('2015-02-28', true), player('2015-03-01', true), player('2016-02-29', true)], '2016-02-29');
    expect(counts.newSmallAndMicro).toBe(1);
    expect(counts.newSmallAndMicroSamePeriodLastYear).toBe(1);
    expect(counts.smallAndMicro).toBe(3);
  });
});
