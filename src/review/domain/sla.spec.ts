import fc from 'fast-check';
import { calendarFrom, chinaDate, isWorkingDay, slaDeadline, slaStatus, type SlaStatus, type WorkingCalendar } from './sla';

// Reference oracle: the day-by-day implementation as it was before the day-number rewrite (commit e933962),
// copied verbatim (renamed) so the property tests below can prove the fast version gives the same answers.
const REFERENCE_CHINA_OFFSET_MS = 8 * 3_600_000;
const REFERENCE_DAY_MS = 86_400_000;

function referenceChinaDate(instant: Date): string {
  return new Date(instant.getTime() + REFERENCE_CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function referenceAddDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * REFERENCE_DAY_MS).toISOString().slice(0, 10);
}

function referenceIsWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  if (calendar.makeUpWorkdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function referenceSlaDeadline(submittedAt: Date, workingDays: number, calendar: WorkingCalendar): Date {
  let day = referenceChinaDate(submittedAt);
  for (let counted = 0; counted < workingDays;) {
    day = referenceAddDays(day, 1);
    if (referenceIsWorkingDay(day, calendar)) counted += 1;
  }
  return new Date(Date.parse(`${referenceAddDays(day, 1)}T00:00:00Z`) - REFERENCE_CHINA_OFFSET_MS);
}

function referenceSlaStatus(deadline: Date, now: Date, calendar: WorkingCalendar): SlaStatus {
  const today = referenceChinaDate(now);
  const lastDay = referenceChinaDate(new Date(deadline.getTime() - 1));
  if (now.getTime() >= deadline.getTime()) {
    let overdue = 0;
    for (let day = referenceAddDays(lastDay, 1); day <= today; day = referenceAddDays(day, 1))
      if (referenceIsWorkingDay(day, calendar)) overdue += 1;
    return { state: 'overdue', workingDaysOverdue: Math.max(1, overdue) };
  }
  if (today === lastDay) return { state: 'due_today' };
  let left = 0;
  for (let day = today; day <= lastDay; day = referenceAddDays(day, 1)) if (referenceIsWorkingDay(day, calendar)) left += 1;
  return { state: 'on_time', workingDaysLeft: left };
}

// 2026: 1 Oct (Thu) to 7 Oct (Wed) National Day holiday; Sat 10 Oct worked in exchange.
const calendar = calendarFrom(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], ['2026-10-10']);
const china = (local: string) => new Date(`${local}+08:00`);

describe('slaDeadline (3 working days)', () => {
  it.each([
    ['Monday morning', '2026-11-23T09:00:00', '2026-11-26T24:00:00'],
    ['Monday just before midnight', '2026-11-23T23:59:00', '2026-11-26T24:00:00'],
    ['Tuesday just after midnight', '2026-11-24T00:01:00', '2026-11-27T24:00:00'],
    ['Wednesday (over the weekend)', '2026-11-25T10:00:00', '2026-11-30T24:00:00'],
    ['Friday evening', '2026-11-27T18:00:00', '2026-12-02T24:00:00'],
    ['Saturday', '2026-11-28T10:00:00', '2026-12-02T24:00:00'],
    ['Sunday', '2026-11-29T10:00:00', '2026-12-02T24:00:00'],
    ['before the National Day holiday (the make-up Saturday counts)', '2026-09-30T10:00:00', '2026-10-10T24:00:00'],
    ['during the holiday', '2026-10-03T10:00:00', '2026-10-10T24:00:00'],
    ['on the make-up Saturday', '2026-10-10T10:00:00', '2026-10-14T24:00:00'],
  ])('submitted %s', (_label, submitted, due) => {
    const deadline = slaDeadline(china(submitted), 3, calendar);
    const [date, time] = due.split('T') as [string, string];
    const expected = time === '24:00:00' ? new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000) : china(due);
    expect(deadline.toISOString()).toBe(expected.toISOString());
  });

  it('uses the configured number of days', () => {
    expect(chinaDate(new Date(slaDeadline(china('2026-11-23T09:00:00'), 1, calendar).getTime() - 1))).toBe('2026-11-24');
    expect(chinaDate(new Date(slaDeadline(china('2026-11-23T09:00:00'), 10, calendar).getTime() - 1))).toBe('2026-12-07');
  });
});

describe('slaStatus', () => {
  const deadline = slaDeadline(china('2026-11-25T10:00:00'), 3, calendar); // end of Mon 30 Nov
  it.each([
    ['the day it was submitted', '2026-11-25T11:00:00', { state: 'on_time', workingDaysLeft: 4 }],
    ['Friday', '2026-11-27T09:00:00', { state: 'on_time', workingDaysLeft: 2 }],
    ['the weekend', '2026-11-28T09:00:00', { state: 'on_time', workingDaysLeft: 1 }],
    ['the last day', '2026-11-30T23:00:00', { state: 'due_today' }],
    ['the next morning', '2026-12-01T08:00:00', { state: 'overdue', workingDaysOverdue: 1 }],
    ['a week later', '2026-12-07T08:00:00', { state: 'overdue', workingDaysOverdue: 5 }],
  ])('on %s', (_label, now, expected) => {
    expect(slaStatus(deadline, china(now), calendar)).toEqual(expected);
  });
});

describe('working days', () => {
  it('knows weekends, holidays and make-up days', () => {
    expect(isWorkingDay('2026-11-27', calendar)).toBe(true);
    expect(isWorkingDay('2026-11-28', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
  });

  it('always gives a deadline on a working day, after the submission, at midnight in China', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 15 }),
        (submitted, days) => {
          const deadline = slaDeadline(submitted, days, calendar);
          const lastDay = chinaDate(new Date(deadline.getTime() - 1));
          return deadline > submitted && isWorkingDay(lastDay, calendar) && (deadline.getTime() + 8 * 3_600_000) % 86_400_000 === 0;
        },
      ),
    );
  });
});

describe('the day-number clock gives the same answers as the day-by-day reference', () => {
  const DAY = 86_400_000;
  const from = Date.parse('2024-01-01T00:00:00+08:00');
  const to = Date.parse('2030-01-01T00:00:00+08:00');
  const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const firstDay = Math.floor(from / DAY) - 30;
  const lastDay = Math.floor(to / DAY) + 200;

  // Scattered days, whole runs of days (long holidays, weeks of make-up days), all over the range, and
  // strings that never name a day as chinaDate writes one.
  const days = fc.array(
    fc.oneof(
      fc.integer({ min: firstDay, max: lastDay }).map((day) => [isoDay(day)]),
      fc
        .tuple(fc.integer({ min: firstDay, max: lastDay }), fc.integer({ min: 1, max: 40 }))
        .map(([start, length]) => Array.from({ length }, (_, i) => isoDay(start + i))),
      fc.constantFrom(['2026-1-05'], ['2026-02-30'], ['holiday'], [''], ['2026-10-01T00:00:00Z']),
    ),
    { maxLength: 60 },
  );
  const calendars = fc
    .tuple(days, days, fc.boolean())
    .map(([holidays, makeUp, overlap]) =>
      calendarFrom(holidays.flat(), overlap ? [...makeUp.flat(), ...holidays.flat().filter((_, i) => i % 3 === 0)] : makeUp.flat()),
    );
  const instants = fc.integer({ min: from, max: to }).map((time) => new Date(time));
  const slaDays = fc.integer({ min: 1, max: 60 });

  it('slaDeadline, for any submission time, SLA length and calendar', () => {
    fc.assert(
      fc.property(instants, slaDays, calendars, (submitted, n, cal) => {
        expect(slaDeadline(submitted, n, cal).toISOString()).toBe(referenceSlaDeadline(submitted, n, cal).toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it('slaStatus, for any submission, SLA length, "now" and calendar', () => {
    const nows = fc.oneof(
      instants,
      // near the deadline, so due_today and the edges of on_time and overdue come up often
      fc.integer({ min: -20 * DAY, max: 120 * DAY }),
    );
    fc.assert(
      fc.property(instants, slaDays, nows, calendars, (submitted, n, nowOrOffset, cal) => {
        const deadline = referenceSlaDeadline(submitted, n, cal);
        const now = typeof nowOrOffset === 'number' ? new Date(deadline.getTime() + nowOrOffset) : nowOrOffset;
        expect(slaStatus(slaDeadline(submitted, n, cal), now, cal)).toEqual(referenceSlaStatus(deadline, now, cal));
      }),
      { numRuns: 5000 },
    );
  });

  it('slaStatus for a deadline at any instant, not only at midnight', () => {
    fc.assert(
      fc.property(instants, instants, calendars, (deadline, now, cal) => {
        expect(slaStatus(deadline, now, cal)).toEqual(referenceSlaStatus(deadline, now, cal));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on SLA lengths that are zero, negative, fractional or not a number', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom(0, -1, 0.5, 2.5, 59.01, Number.NaN, -Infinity), calendars, (submitted, n, cal) => {
        expect(slaDeadline(submitted, n, cal).toISOString()).toBe(referenceSlaDeadline(submitted, n, cal).toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it('throws the same error for an invalid Date', () => {
    const invalid = new Date(Number.NaN);
    const valid = china('2026-11-23T09:00:00');
    expect(() => slaDeadline(invalid, 3, calendar)).toThrow(RangeError);
    expect(() => referenceSlaDeadline(invalid, 3, calendar)).toThrow(RangeError);
    expect(() => slaStatus(invalid, valid, calendar)).toThrow(RangeError);
    expect(() => referenceSlaStatus(invalid, valid, calendar)).toThrow(RangeError);
    expect(() => slaStatus(valid, invalid, calendar)).toThrow(RangeError);
    expect(() => referenceSlaStatus(valid, invalid, calendar)).toThrow(RangeError);
  });

  it('follows a calendar whose sets are replaced or grow after first use', () => {
    const cal: WorkingCalendar = { holidays: new Set<string>(), makeUpWorkdays: new Set<string>() };
    const submitted = china('2026-09-30T10:00:00');
    expect(slaDeadline(submitted, 3, cal).toISOString()).toBe(referenceSlaDeadline(submitted, 3, cal).toISOString());
    cal.holidays = new Set(['2026-10-01', '2026-10-02']);
    expect(slaDeadline(submitted, 3, cal).toISOString()).toBe(referenceSlaDeadline(submitted, 3, cal).toISOString());
    (cal.makeUpWorkdays as Set<string>).add('2026-10-03');
    expect(slaDeadline(submitted, 3, cal).toISOString()).toBe(referenceSlaDeadline(submitted, 3, cal).toISOString());
    (cal.holidays as Set<string>).add('2026-10-05');
    expect(slaDeadline(submitted, 3, cal).toISOString()).toBe(referenceSlaDeadline(submitted, 3, cal).toISOString());
  });

  it('prints how long a queue row takes (information only)', () => {
    const now = china('2026-11-20T10:00:00');
    const rows = Array.from({ length: 2000 }, (_, i) => new Date(now.getTime() - 40 * DAY + (i % 24) * 3_600_000));
    const time = (status: (submitted: Date) => SlaStatus) => {
      const start = process.hrtime.bigint();
      for (const row of rows) status(row);
      return Number(process.hrtime.bigint() - start) / 1000 / rows.length;
    };
    const fastRow = (row: Date) => slaStatus(slaDeadline(row, 3, calendar), now, calendar);
    const referenceRow = (row: Date) => referenceSlaStatus(referenceSlaDeadline(row, 3, calendar), now, calendar);
    time(fastRow); // warm up
    time(referenceRow);
    const fast = time(fastRow);
    const reference = time(referenceRow);
    expect(rows.map(fastRow)).toEqual(rows.map(referenceRow));
    process.stdout.write(
      `SLA status of a 40-day-old application, under jest: ${fast.toFixed(2)} µs (day by day: ${reference.toFixed(2)} µs)\n`,
    );
  });
});
