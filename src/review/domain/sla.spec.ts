import fc from 'fast-check';
import { calendarFrom, chinaDate, isWorkingDay, slaDeadline, slaStatus } from './sla';

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
