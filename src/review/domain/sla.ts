/**
 * Service-level time in working days, in the authority's time zone (UTC+8, no daylight saving).
 * Weekends and configured public holidays are skipped; configured make-up working days (调休: a
 * Saturday or Sunday worked in exchange for a longer holiday) count as working days.
 */
export interface WorkingCalendar {
  holidays: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date (YYYY-MM-DD) of an instant in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The moment the application becomes overdue: the end (24:00 in China) of the n-th working day after
 * the day it was submitted. Submitting on a Friday evening or a holiday does not eat into the time.
 */
export function slaDeadline(submittedAt: Date, workingDays: number, calendar: WorkingCalendar): Date {
  let day = chinaDate(submittedAt);
  for (let counted = 0; counted < workingDays;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted += 1;
  }
  return new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) - CHINA_OFFSET_MS);
}

export type SlaStatus =
  | { state: 'on_time'; workingDaysLeft: number } // including today, when today is a working day
  | { state: 'due_today' }
  | { state: 'overdue'; workingDaysOverdue: number };

export function slaStatus(deadline: Date, now: Date, calendar: WorkingCalendar): SlaStatus {
  const today = chinaDate(now);
  const lastDay = chinaDate(new Date(deadline.getTime() - 1));
  if (now.getTime() >= deadline.getTime()) {
    let overdue = 0;
    for (let day = addDays(lastDay, 1); day <= today; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) overdue += 1;
    return { state: 'overdue', workingDaysOverdue: Math.max(1, overdue) };
  }
  if (today === lastDay) return { state: 'due_today' };
  let left = 0;
  for (let day = today; day <= lastDay; day = addDays(day, 1)) if (isWorkingDay(day, calendar)) left += 1;
  return { state: 'on_time', workingDaysLeft: left };
}

export function calendarFrom(holidays: readonly string[], makeUpWorkdays: readonly string[] = []): WorkingCalendar {
  return { holidays: new Set(holidays), makeUpWorkdays: new Set(makeUpWorkdays) };
}
