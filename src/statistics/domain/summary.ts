import { SECTOR_KEYS, type SectorKey } from '../../reference/industry-classification';

/**
 * The figures of `stats:summary` (DESIGN.md, "Contracts that stay stable"): market players, small and micro
 * enterprises with their share and sectors, and new small and micro enterprises against the same period of
 * last year. Percentages are computed from the integer counts in bigint and rounded once, half away from
 * zero, so that no float step can move a result across a rounding boundary.
 */

export interface Period {
  /** First day, inclusive, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  readonly to: string;
}

export interface SamePeriods {
  readonly thisYear: Period;
  readonly lastYear: Period;
}

/** The JSON that `stats:summary --json` prints, key order included. */
export interface StatsSummary {
  readonly asOf: string;
  readonly marketPlayers: number;
  readonly smallAndMicro: { readonly count: number; readonly sharePercent: number };
  /** Largest first; equal counts in SECTOR_KEYS order; sectors with no small or micro enterprise left out. */
  readonly smallAndMicroBySector: readonly { readonly sector: SectorKey; readonly count: number }[];
  readonly newSmallAndMicro: { readonly count: number; readonly samePeriodLastYear: number; readonly growthPercent: number | null };
}

/** The raw counts a summary is built from: also the format of a `demo:seed` spec (data/seed-figures.json). */
export interface SummaryCounts {
  readonly asOf: string;
  /** Market players (enterprises, individual households, cooperatives) established on or before asOf. */
  readonly marketPlayers: number;
  /** Enterprises classified small or micro, established on or before asOf. */
  readonly smallAndMicro: number;
  readonly smallAndMicroBySector: Readonly<Partial<Record<SectorKey, number>>>;
  /** Small and micro enterprises established from 1 January of asOf's year to asOf. */
  readonly newSmallAndMicro: number;
  /** Small and micro enterprises established in the same period of the previous year (`samePeriod`). */
  readonly newSmallAndMicroSamePeriodLastYear: number;
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a whole number, got ${String(value)}`);
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number, got ${String(value)}`);
}

/** numerator / denominator to the nearest integer, halves away from zero. */
function divideRoundingHalfAway(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const rounded = 2n * (n % d) >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * 100 × numerator / denominator to one decimal place, halves away from zero (10360 / 14592 = 70.997… → 71;
 * 1015 / 10000 = 10.15 → 10.2, where a float would give 10.1). 0 / 0 is 0: a share of nothing.
 */
export function roundPercent(numerator: number, denominator: number): number {
  assertInteger('numerator', numerator);
  assertInteger('denominator', denominator);
  if (denominator === 0) {
    if (numerator === 0) return 0;
    throw new RangeError(`cannot express ${numerator} as a percentage of 0`);
  }
  // Tenths of a percent. Dividing the exact integer by 10 gives the double nearest the one-decimal value.
  return Number(divideRoundingHalfAway(BigInt(numerator) * 1000n, BigInt(denominator))) / 10;
}

/** Growth of current on previous in percent, one decimal (5384 on 3077 → 75); null when previous is 0. */
export function growthPercent(current: number, previous: number): number | null {
  assertCount('current', current);
  assertCount('previous', previous);
  if (previous === 0) return null;
  return roundPercent(current - previous, previous);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** A real Gregorian date written `YYYY-MM-DD` (2016-02-29 yes, 2015-02-29 and 2016-9-30 no). */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * 1 January to asOf, inclusive, this year and last. When asOf is 29 February, last year's period ends on
 * 28 February, the last day last year's February had.
 */
export function samePeriod(asOf: string): SamePeriods {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be a real date written YYYY-MM-DD, got "${asOf}"`);
  const year = Number(asOf.slice(0, 4));
  if (year < 2) throw new RangeError(`asOf must be in year 0002 or later, got "${asOf}"`);
  const month = Number(asOf.slice(5, 7));
  const lastYear = String(year - 1).padStart(4, '0');
  const day = Math.min(Number(asOf.slice(8, 10)), daysInMonth(year - 1, month));
  return {
    thisYear: { from: `${asOf.slice(0, 4)}-01-01`, to: asOf },
    lastYear: { from: `${lastYear}-01-01`, to: `${lastYear}-${asOf.slice(5, 7)}-${String(day).padStart(2, '0')}` },
  };
}

/** Whether an ISO date lies in the period; ISO dates compare as strings. */
export function inPeriod(date: string, period: Period): boolean {
  return date >= period.from && date <= period.to;
}

export interface CountedPlayer {
  /** `YYYY-MM-DD` */
  readonly establishedOn: string;
  readonly isSmallOrMicro: boolean;
  readonly sector: SectorKey;
}

/**
 * The counts of the summary, taken from classified market players as the contract defines them. The
 * database does the same with SQL; this is the definition in code.
 */
export function tallyCounts(players: Iterable<CountedPlayer>, asOf: string): SummaryCounts {
  const periods = samePeriod(asOf);
  let marketPlayers = 0;
  let smallAndMicro = 0;
  let newSmallAndMicro = 0;
  let newSmallAndMicroSamePeriodLastYear = 0;
  const bySector: Partial<Record<SectorKey, number>> = {};
  for (const player of players) {
    if (player.establishedOn > asOf) continue;
    marketPlayers += 1;
    if (!player.isSmallOrMicro) continue;
    smallAndMicro += 1;
    bySector[player.sector] = (bySector[player.sector] ?? 0) + 1;
    if (inPeriod(player.establishedOn, periods.thisYear)) newSmallAndMicro += 1;
    if (inPeriod(player.establishedOn, periods.lastYear)) newSmallAndMicroSamePeriodLastYear += 1;
  }
  return { asOf, marketPlayers, smallAndMicro, smallAndMicroBySector: bySector, newSmallAndMicro, newSmallAndMicroSamePeriodLastYear };
}

export function buildSummary(counts: SummaryCounts): StatsSummary {
  if (!isCalendarDate(counts.asOf)) throw new RangeError(`asOf must be a real date written YYYY-MM-DD, got "${counts.asOf}"`);
  assertCount('marketPlayers', counts.marketPlayers);
  assertCount('smallAndMicro', counts.smallAndMicro);
  assertCount('newSmallAndMicro', counts.newSmallAndMicro);
  assertCount('newSmallAndMicroSamePeriodLastYear', counts.newSmallAndMicroSamePeriodLastYear);
  const bySector: { sector: SectorKey; count: number }[] = [];
  for (const [sector, count] of Object.entries(counts.smallAndMicroBySector) as [string, number | undefined][]) {
    if (!(SECTOR_KEYS as readonly string[]).includes(sector)) throw new RangeError(`unknown sector "${sector}"`);
    if (count === undefined) continue;
    assertCount(`smallAndMicroBySector.${sector}`, count);
    if (count > 0) bySector.push({ sector: sector as SectorKey, count });
  }
  bySector.sort((a, b) => b.count - a.count || SECTOR_KEYS.indexOf(a.sector) - SECTOR_KEYS.indexOf(b.sector));
  return {
    asOf: counts.asOf,
    marketPlayers: counts.marketPlayers,
    smallAndMicro: { count: counts.smallAndMicro, sharePercent: roundPercent(counts.smallAndMicro, counts.marketPlayers) },
    smallAndMicroBySector: bySector,
    newSmallAndMicro: {
      count: counts.newSmallAndMicro,
      samePeriodLastYear: counts.newSmallAndMicroSamePeriodLastYear,
      growthPercent: growthPercent(counts.newSmallAndMicro, counts.newSmallAndMicroSamePeriodLastYear),
    },
  };
}
