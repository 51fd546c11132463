/**
 * Service-level time in working days, in the authority's time zone (UTC+8, no daylight saving).
 * Weekends and configured public holidays are skipped; configured make-up working days (调休: a
 * Saturday or Sunday worked in exchange for a longer holiday) count as working days.
 *
 * The clock works on integer day numbers (days since 1970-01-01 in China) rather than walking day by
 * day: a working-day prefix count is whole-week arithmetic for Monday to Friday, corrected by binary
 * search in two sorted arrays (holidays that fall on a weekday, make-up days that fall on a weekend),
 * compiled once per calendar. slaDeadline and slaStatus cost well under a microsecond whatever the age
 * of the application. Results are exactly those of the former day-by-day walk (see the oracle in
 * sla.spec.ts) for dates in the years 0000 to 9999.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MAX_TIME_MS = 8.64e15; // the largest time value a Date can hold

/** The calendar date (YYYY-MM-DD) of an instant in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Days since 1970-01-01 of the instant's calendar date in China; throws like chinaDate on an invalid Date. */
function chinaDay(instant: number): number {
  const local = instant + CHINA_OFFSET_MS;
  if (!(Math.abs(local) <= MAX_TIME_MS)) throw new RangeError('Invalid time value');
  return Math.floor(local / DAY_MS);
}

/** Day 0 (1970-01-01) was a Thursday; day -3 a Monday. */
function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** Monday-to-Friday days before `day`, counted from Monday 1969-12-29 (negative before it). */
function weekdaysBefore(day: number): number {
  const sinceMonday = day + 3;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

/** Entries of a sorted array that are less than `day`. */
function countBelow(sorted: Float64Array, day: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface CompiledCalendar {
  readonly holidays: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
  readonly holidaysSize: number;
  readonly makeUpWorkdaysSize: number;
  /** Holidays on a Monday to Friday that are not also make-up days: weekdays taken out, sorted. */
  readonly removed: Float64Array;
  /** Make-up days on a Saturday or Sunday: weekend days put in, sorted. */
  readonly added: Float64Array;
}

/** The day number of a YYYY-MM-DD string, or undefined when the string is not a date as chinaDate writes it. */
function dayOf(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) return undefined;
  return time / DAY_MS;
}

const compiled = new WeakMap<WorkingCalendar, CompiledCalendar>();

/**
 * The calendar's sorted exception days, built on first use and kept while the calendar holds the same
 * sets at the same sizes (a calendar is meant to be a value: calendarFrom's sets are not shared).
 */
function compile(calendar: WorkingCalendar): CompiledCalendar {
  const { holidays, makeUpWorkdays } = calendar;
  const cached = compiled.get(calendar);
  if (
    cached !== undefined &&
    cached.holidays === holidays &&
    cached.makeUpWorkdays === makeUpWorkdays &&
    cached.holidaysSize === holidays.size &&
    cached.makeUpWorkdaysSize === makeUpWorkdays.size
  )
    return cached;
  const removed: number[] = [];
  for (const date of holidays) {
    const day = dayOf(date);
    if (day !== undefined && !isWeekend(day) && !makeUpWorkdays.has(date)) removed.push(day);
  }
  const added: number[] = [];
  for (const date of makeUpWorkdays) {
    const day = dayOf(date);
    if (day !== undefined && isWeekend(day)) added.push(day);
  }
  const entry: CompiledCalendar = {
    holidays,
    makeUpWorkdays,
    holidaysSize: holidays.size,
    makeUpWorkdaysSize: makeUpWorkdays.size,
    removed: Float64Array.from(removed).sort(),
    added: Float64Array.from(added).sort(),
  };
  compiled.set(calendar, entry);
  return entry;
}

/** Working days before `day` (from an arbitrary fixed origin; only differences mean anything). */
function workingDaysBefore(day: number, calendar: CompiledCalendar): number {
  return weekdaysBefore(day) - countBelow(calendar.removed, day) + countBelow(calendar.added, day);
}

/** Working days from `first` to `last`, both included; 0 when last is before first. */
function workingDaysBetween(first: number, last: number, calendar: CompiledCalendar): number {
  return last < first ? 0 : workingDaysBefore(last + 1, calendar) - workingDaysBefore(first, calendar);
}

/**
 * The moment the application becomes overdue: the end (24:00 in China) of the n-th working day after
 * the day it was submitted. Submitting on a Friday evening or a holiday does not eat into the time.
 */
export function slaDeadline(submittedAt: Date, workingDays: number, calendar: WorkingCalendar): Date {
  const submitted = chinaDay(submittedAt.getTime());
  let lastDay = submitted;
  if (workingDays > 0) {
    if (workingDays === Infinity) throw new RangeError('The SLA must be a finite number of working days');
    const cal = compile(calendar);
    // The last day is the one before the first x > submitted with workingDaysBefore(x) >= target.
    const target = workingDaysBefore(submitted + 1, cal) + Math.ceil(workingDays);
    let below = submitted + 1; // workingDaysBefore(below) < target
    let step = Math.ceil((Math.ceil(workingDays) * 7) / 5) + 1;
    let above = below + step;
    while (workingDaysBefore(above, cal) < target) {
      below = above;
      step *= 2;
      above = below + step;
    }
    while (above - below > 1) {
      const mid = below + Math.floor((above - below) / 2);
      if (workingDaysBefore(mid, cal) < target) below = mid;
      else above = mid;
    }
    lastDay = above - 1;
  }
  return new Date((lastDay + 1) * DAY_MS - CHINA_OFFSET_MS);
}

export type SlaStatus =
  | { state: 'on_time'; workingDaysLeft: number } // including today, when today is a working day
  | { state: 'due_today' }
  | { state: 'overdue'; workingDaysOverdue: number };

export function slaStatus(deadline: Date, now: Date, calendar: WorkingCalendar): SlaStatus {
  const today = chinaDay(now.getTime());
  const lastDay = chinaDay(deadline.getTime() - 1);
  if (now.getTime() >= deadline.getTime()) {
    const overdue = workingDaysBetween(lastDay + 1, today, compile(calendar));
    return { state: 'overdue', workingDaysOverdue: Math.max(1, overdue) };
  }
  if (today === lastDay) return { state: 'due_today' };
  return { state: 'on_time', workingDaysLeft: workingDaysBetween(today, lastDay, compile(calendar)) };
}

export function calendarFrom(holidays: readonly string[], makeUpWorkdays: readonly string[] = []): WorkingCalendar {
  return { holidays: new Set(holidays), makeUpWorkdays: new Set(makeUpWorkdays) };
}
