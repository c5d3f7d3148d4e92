import { describe, expect, it } from 'vitest';
import { BusinessCalendar, federalReserveHolidays } from '../../server/domain/calendar.ts';
import { addCalendarDays, isIsoDate, localDateOf, instantAt } from '../../server/domain/dates.ts';
import { englishOf } from '../../server/domain/shared/server-messages.ts';

// Expected dates below were worked out by hand from the Federal Reserve's published rules
// (Sunday holidays observed Monday; Saturday holidays not moved), not from this code.
describe('federalReserveHolidays', () => {
  it.each([
    // [year, full list of observed weekday closures]
    [
      2026,
      [
        '2026-01-01',
        '2026-01-19',
        '2026-02-16',
        '2026-05-25',
        '2026-06-19',
        '2026-09-07',
        '2026-10-12',
        '2026-11-11',
        '2026-11-26',
        '2026-12-25',
      ],
    ],
    // 2027: Jun 19 Sat (not moved), Jul 4 Sun -> Mon Jul 5, Dec 25 Sat (not moved)
    [
      2027,
      [
        '2027-01-01',
        '2027-01-18',
        '2027-02-15',
        '2027-05-31',
        '2027-07-05',
        '2027-09-06',
        '2027-10-11',
        '2027-11-11',
        '2027-11-25',
      ],
    ],
    // 2028: Jan 1 Sat (not moved), Jun 19 Mon, Jul 4 Tue, Nov 11 Sat (not moved), Dec 25 Mon
    [
      2028,
      [
        '2028-01-17',
        '2028-02-21',
        '2028-05-29',
        '2028-06-19',
        '2028-07-04',
        '2028-09-04',
        '2028-10-09',
        '2028-11-23',
        '2028-12-25',
      ],
    ],
    // 2029: Nov 11 Sun -> Mon Nov 12
    [
      2029,
      [
        '2029-01-01',
        '2029-01-15',
        '2029-02-19',
        '2029-05-28',
        '2029-06-19',
        '2029-07-04',
        '2029-09-03',
        '2029-10-08',
        '2029-11-12',
        '2029-11-22',
        '2029-12-25',
      ],
    ],
    // 2030
    [
      2030,
      [
        '2030-01-01',
        '2030-01-21',
        '2030-02-18',
        '2030-05-27',
        '2030-06-19',
        '2030-07-04',
        '2030-09-02',
        '2030-10-14',
        '2030-11-11',
        '2030-11-28',
        '2030-12-25',
      ],
    ],
  ])('%i observed closures', (year, dates) => {
    expect(federalReserveHolidays(year).map((h) => h.date)).toEqual(dates);
  });

  it('names the Sunday-observed holiday and keeps its legal date', () => {
    const july = federalReserveHolidays(2027).find((h) => h.date === '2027-07-05');
    expect(july).toEqual({
      date: '2027-07-05',
      name: 'Independence Day (observed)',
      actualDate: '2027-07-04',
    });
  });
});

describe('BusinessCalendar', () => {
  const cal = new BusinessCalendar([{ date: '2026-12-24', name: 'Christmas Eve closure' }]);

  it.each([
    // start, n, expected
    ['2026-11-20', 10, '2026-12-07'], // Thanksgiving 11-26 skipped + 3 weekends
    ['2026-11-20', 1, '2026-11-23'],
    ['2026-11-25', 1, '2026-11-27'], // Thu Thanksgiving skipped, Fri after is a business day
    ['2026-11-21', 1, '2026-11-23'], // starting on a Saturday: day 1 is Monday
    ['2026-12-23', 1, '2026-12-28'], // closure 12-24, Christmas 12-25, weekend
    ['2026-12-31', 1, '2027-01-04'], // New Year's Day Fri, weekend
    ['2027-07-02', 1, '2027-07-06'], // Jul 4 on Sunday observed Monday Jul 5
    ['2027-06-18', 1, '2027-06-21'], // Juneteenth on Saturday: Friday stays open, Monday open
    ['2028-06-16', 1, '2028-06-20'], // Juneteenth Monday 2028
    ['2026-11-20', 0, '2026-11-20'],
    ['2026-11-30', -3, '2026-11-24'], // backwards over weekend and Thanksgiving
  ])('addBusinessDays(%s, %i) = %s', (start, n, expected) => {
    expect(cal.addBusinessDays(start, n).date).toBe(expected);
  });

  it('explains what it skipped', () => {
    expect(englishOf(new BusinessCalendar().addBusinessDays('2026-11-20', 10).explanation)).toBe(
      '10 business days from Fri 2026-11-20; skipped Thu 2026-11-26 Thanksgiving Day and 3 weekends',
    );
  });

  it('explains a one-day step with a closure', () => {
    expect(englishOf(cal.addBusinessDays('2026-12-23', 1).explanation)).toBe(
      '1 business day from Wed 2026-12-23; skipped Thu 2026-12-24 Christmas Eve closure, Fri 2026-12-25 Christmas Day and one weekend',
    );
  });

  it('finds the business day on or before a non-business day', () => {
    expect(cal.onOrBefore('2026-11-29').date).toBe('2026-11-27');
    expect(cal.onOrBefore('2026-11-27').date).toBe('2026-11-27');
    expect(cal.onOrBefore('2027-01-01').date).toBe('2026-12-31');
    expect(cal.onOrAfter('2026-11-26').date).toBe('2026-11-27');
  });

  it('counts business days elapsed', () => {
    expect(cal.businessDaysBetween('2026-11-20', '2026-12-07')).toBe(10);
    expect(cal.businessDaysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(cal.businessDaysBetween('2026-11-20', '2026-11-22')).toBe(0);
  });
});

describe('dates', () => {
  it('validates ISO dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-2-1')).toBe(false);
  });
  it('adds calendar days across a year end and DST', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-11-01', 1)).toBe('2026-11-02');
  });
  it('takes the centre-local date of an instant', () => {
    expect(localDateOf(new Date('2026-11-21T03:00:00Z'), 'America/New_York')).toBe('2026-11-20');
    expect(instantAt('2026-11-20', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-11-20T14:00:00.000Z',
    );
    expect(instantAt('2026-07-20', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-07-20T13:00:00.000Z',
    );
  });
});

describe('dates agree with date-fns on every day of 2026–2030 and across DST', () => {
  it('day-number arithmetic matches date-fns', async () => {
    const { addDays, format: fmt, getDay } = await import('date-fns');
    const { TZDate } = await import('@date-fns/tz');
    const { dayOfWeek, labelDate, daysBetween } = await import('../../server/domain/dates.ts');
    let d = '2026-01-01';
    for (let i = 0; i < 365 * 5 + 1; i++) {
      const ref = new TZDate(
        Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8))),
        'UTC',
      );
      expect(dayOfWeek(d)).toBe(getDay(ref));
      expect(labelDate(d)).toBe(`${fmt(ref, 'EEE')} ${d}`);
      expect(addCalendarDays(d, 1)).toBe(fmt(addDays(ref, 1), 'yyyy-MM-dd'));
      expect(daysBetween('2026-01-01', d)).toBe(i);
      d = addCalendarDays(d, 1);
    }
  });

  it('local date and minutes match @date-fns/tz hour by hour through both 2026 DST changes', async () => {
    const { TZDate } = await import('@date-fns/tz');
    const { localMinutesOf } = await import('../../server/domain/dates.ts');
    for (const start of ['2026-03-07T00:00:00Z', '2026-10-31T00:00:00Z']) {
      for (let h = 0; h < 72; h += 0.5) {
        const instant = new Date(new Date(start).getTime() + h * 3_600_000);
        const z = new TZDate(instant.getTime(), 'America/New_York');
        expect(localDateOf(instant, 'America/New_York')).toBe(
          `${z.getFullYear()}-${String(z.getMonth() + 1).padStart(2, '0')}-${String(z.getDate()).padStart(2, '0')}`,
        );
        expect(localMinutesOf(instant, 'America/New_York')).toBe(
          z.getHours() * 60 + z.getMinutes(),
        );
      }
    }
    expect(instantAt('2026-03-09', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );
    expect(instantAt('2026-11-02', 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });
});
