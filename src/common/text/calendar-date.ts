/**
 * Calendar dates as pages write them (UI.md): "27 November 2026" / "2026年11月27日", and months as
 * "November 2026" / "2026年11月". From the YYYY-MM-DD (or YYYY-MM) the database and the licence data keep:
 * a calendar date has no time zone, so nothing here converts one.
 */
export type DateLocale = 'en' | 'zh-CN';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whether a text is a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** "2026年11月27日" / "27 November 2026", from YYYY-MM-DD; throws on anything else. */
export function formatCalendarDate(isoDate: string, locale: DateLocale): string {
  if (!isIsoDate(isoDate)) throw new Error(`Not a date YYYY-MM-DD: ${String(isoDate)}`);
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return locale === 'zh-CN' ? `${year}年${month}月${day}日` : `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2026年11月" / "November 2026", from YYYY-MM; throws on anything else. */
export function formatCalendarMonth(isoMonth: string, locale: DateLocale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(isoMonth);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new Error(`Not a month YYYY-MM: ${isoMonth}`);
  const year = Number(match[1]);
  return locale === 'zh-CN' ? `${year}年${month}月` : `${MONTHS[month - 1]} ${year}`;
}
