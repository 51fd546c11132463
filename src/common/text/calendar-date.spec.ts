import fc from 'fast-check';
import { formatCalendarDate, formatCalendarMonth, isIsoDate } from './calendar-date';

describe('formatCalendarDate', () => {
  it.each([
    ['2026-11-27', '27 November 2026', '2026年11月27日'],
    ['2024-02-29', '29 February 2024', '2024年2月29日'],
    ['0001-01-01', '1 January 1', '1年1月1日'],
  ])('%s → %s / %s', (iso, en, zh) => {
    expect(formatCalendarDate(iso, 'en')).toBe(en);
    expect(formatCalendarDate(iso, 'zh-CN')).toBe(zh);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-11-27T00:00:00Z', '27/11/2026', ''])('refuses %j', (text) => {
    expect(isIsoDate(text)).toBe(false);
    expect(() => formatCalendarDate(text, 'en')).toThrow();
  });

  it('writes the same day a UTC date of it names, in both languages', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
          expect(formatCalendarDate(iso, 'zh-CN')).toBe(`${year}年${month}月${day}日`);
          expect(formatCalendarDate(iso, 'en')).toBe(
            date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
          );
        },
      ),
    );
  });
});

describe('formatCalendarMonth', () => {
  it.each([
    ['2025-12', 'December 2025', '2025年12月'],
    ['2026-01', 'January 2026', '2026年1月'],
  ])('%s → %s / %s', (iso, en, zh) => {
    expect(formatCalendarMonth(iso, 'en')).toBe(en);
    expect(formatCalendarMonth(iso, 'zh-CN')).toBe(zh);
  });

  it.each(['2025-13', '2025-00', '2025-1', '2025-12-01'])('refuses %j', (text) => {
    expect(() => formatCalendarMonth(text, 'en')).toThrow();
  });
});
