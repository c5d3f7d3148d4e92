import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import demoLender from '../../resources/config/demo-lender.json' with { type: 'json' };
import {
  addBusinessMinutes,
  businessMinutesBetween,
  businessMinutesFrom,
  isOpenAt,
  openWindow,
  type BusinessHours,
  type WeekHours,
} from '../../server/domain/business-hours.ts';
import { BusinessCalendar } from '../../server/domain/calendar.ts';

// The demo centre: Mon–Thu 09:00–21:00, Fri 09:00–18:00, closed weekends, New York time.
const hours = demoLender.hours as WeekHours;
const bh: BusinessHours = { hours, timeZone: 'America/New_York', calendar: new BusinessCalendar() };
const withClosure: BusinessHours = {
  ...bh,
  calendar: new BusinessCalendar([{ date: '2026-11-23', name: 'Storm closure' }]),
};
const sundayNights: BusinessHours = {
  ...bh,
  hours: { ...hours, sunday: { open: '01:00', close: '04:00' } },
};

const at = (iso: string) => new Date(iso);

describe('addBusinessMinutes', () => {
  const cases: Array<[string, BusinessHours, string, number, string]> = [
    ['within the day', bh, '2026-11-20T15:00:00Z', 60, '2026-11-20T16:00:00.000Z'],
    [
      'Friday evening rolls over the weekend',
      bh,
      '2026-11-20T22:00:00Z',
      120,
      '2026-11-23T15:00:00.000Z',
    ],
    [
      'starting on a Saturday starts Monday at opening',
      bh,
      '2026-11-21T17:00:00Z',
      30,
      '2026-11-23T14:30:00.000Z',
    ],
    [
      'at night: the count starts at the next opening',
      bh,
      '2026-11-25T03:00:00Z',
      0,
      '2026-11-25T14:00:00.000Z',
    ],
    [
      'Thanksgiving (Fed holiday) is skipped',
      bh,
      '2026-11-26T01:00:00Z',
      120,
      '2026-11-27T15:00:00.000Z',
    ],
    [
      'an admin closure is skipped',
      withClosure,
      '2026-11-20T22:00:00Z',
      120,
      '2026-11-24T15:00:00.000Z',
    ],
    [
      'a target ending at closing time stays at closing',
      bh,
      '2026-11-20T22:00:00Z',
      60,
      '2026-11-20T23:00:00.000Z',
    ],
    ['16 hours over a weekend', bh, '2026-11-20T17:00:00Z', 960, '2026-11-24T00:00:00.000Z'],
    [
      'across the fall-back DST change (EDT Friday → EST Monday)',
      bh,
      '2026-10-30T21:00:00Z',
      120,
      '2026-11-02T15:00:00.000Z',
    ],
    [
      'Veterans Day (Wednesday) is skipped',
      bh,
      '2026-11-10T20:00:00Z',
      12 * 60,
      '2026-11-12T20:00:00.000Z',
    ],
    [
      'spring-forward night with Sunday hours: 01–04 local is 2 real hours',
      sundayNights,
      '2026-03-08T06:00:00Z',
      120,
      '2026-03-08T08:00:00.000Z',
    ],
  ];
  it.each(cases)('%s', (_name, hoursOf, start, minutes, expected) => {
    expect(addBusinessMinutes(at(start), minutes, hoursOf).toISOString()).toBe(expected);
  });

  it('refuses a negative duration', () => {
    expect(() => addBusinessMinutes(at('2026-11-20T15:00:00Z'), -1, bh)).toThrow(RangeError);
  });

  it('fails loudly when the centre never opens', () => {
    const never: BusinessHours = {
      ...bh,
      hours: {
        monday: null,
        tuesday: null,
        wednesday: null,
        thursday: null,
        friday: null,
        saturday: null,
        sunday: null,
      },
    };
    expect(() => addBusinessMinutes(at('2026-11-20T15:00:00Z'), 60, never)).toThrow(
      /hours setting/,
    );
  });
});

describe('businessMinutesBetween', () => {
  const cases: Array<[string, BusinessHours, string, string, number]> = [
    ['same day', bh, '2026-11-20T15:00:00Z', '2026-11-20T16:30:00Z', 90],
    ['over a night', bh, '2026-11-24T01:00:00Z', '2026-11-24T15:00:00Z', 60 + 60],
    ['over a weekend', bh, '2026-11-20T22:00:00Z', '2026-11-23T15:00:00Z', 120],
    [
      'a whole week with Thanksgiving',
      bh,
      '2026-11-23T05:00:00Z',
      '2026-11-30T05:00:00Z',
      12 * 60 * 3 + 9 * 60,
    ],
    [
      'a week without holidays',
      bh,
      '2026-12-07T05:00:00Z',
      '2026-12-14T05:00:00Z',
      12 * 60 * 4 + 9 * 60,
    ],
    ['only closed time', bh, '2026-11-21T12:00:00Z', '2026-11-22T23:00:00Z', 0],
    ['reversed interval is zero', bh, '2026-11-20T16:00:00Z', '2026-11-20T15:00:00Z', 0],
    [
      'DST spring-forward Sunday night counts real time',
      sundayNights,
      '2026-03-08T05:00:00Z',
      '2026-03-08T10:00:00Z',
      120,
    ],
    [
      'DST fall-back Sunday night counts real time',
      sundayNights,
      '2026-11-01T04:00:00Z',
      '2026-11-01T11:00:00Z',
      240,
    ],
  ];
  it.each(cases)('%s', (_name, hoursOf, from, to, minutes) => {
    expect(businessMinutesBetween(at(from), at(to), hoursOf)).toBe(minutes);
  });

  it('is the inverse of addBusinessMinutes (property)', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 24 * 60 }),
        fc.integer({ min: 1, max: 60 * 40 }),
        (offset, minutes) => {
          const from = new Date(start + offset * 60_000);
          const due = addBusinessMinutes(from, minutes, bh);
          expect(Math.round(businessMinutesBetween(from, due, bh))).toBe(minutes);
          expect(isOpenAt(due, bh) || isOpenAt(new Date(due.getTime() - 1), bh)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('businessMinutesFrom', () => {
  /** What slaStatus computed per row before: the signed walk over every day between. */
  const signed = (origin: Date, t: Date, hoursOf: BusinessHours) =>
    t.getTime() > origin.getTime()
      ? businessMinutesBetween(origin, t, hoursOf)
      : -businessMinutesBetween(t, origin, hoursOf);

  it('counts forward and backward from one instant', () => {
    const fromMonday = businessMinutesFrom(at('2026-11-23T15:00:00Z'), bh); // Mon 10:00 ET
    expect(fromMonday(at('2026-11-20T22:00:00Z'))).toBe(-120); // Fri 17:00 ET: Fri 17–18, Mon 9–10
    expect(fromMonday(at('2026-11-23T16:30:00Z'))).toBe(90);
    // Mon 10–21, Tue, Wed, Thanksgiving closed, Fri 9–18.
    expect(fromMonday(at('2026-11-30T05:00:00Z'))).toBe((11 + 12 + 12 + 9) * 60);
    expect(fromMonday(at('2026-11-23T15:00:00Z'))).toBe(-0); // as -businessMinutesBetween(t, t)
  });

  it('is the per-row walk, to the bit, for many instants around one origin (property)', () => {
    const start = Date.parse('2025-09-01T00:00:00Z');
    const MIN = 60_000;
    const hoursOf = fc.constantFrom(bh, withClosure, sundayNights);
    fc.assert(
      fc.property(
        hoursOf,
        fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }),
        fc.array(fc.integer({ min: -400 * 24 * 60 * 60, max: 400 * 24 * 60 * 60 }), {
          maxLength: 60,
        }),
        (hours, originMinute, offsetsS) => {
          const origin = new Date(start + originMinute * MIN + 17_123);
          const from = businessMinutesFrom(origin, hours);
          // The origin itself, then instants out to ±400 days in any order (the sums grow lazily).
          for (const t of [origin, ...offsetsS.map((s) => new Date(origin.getTime() + s * 1000))]) {
            expect(from(t)).toBe(signed(origin, t, hours));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('past the search limit of businessMinutesBetween, answers as it does', () => {
    const origin = at('2026-11-23T15:00:00Z');
    for (const t of [at('2021-06-01T15:00:00Z'), at('2031-06-01T15:00:00Z')]) {
      expect(businessMinutesFrom(origin, bh)(t)).toBe(signed(origin, t, bh));
    }
  });
});

describe('openWindow', () => {
  it('has no window on weekends, holidays and closures; weekend hours count when configured', () => {
    expect(openWindow('2026-11-21', bh)).toBeNull();
    expect(openWindow('2026-11-26', bh)).toBeNull();
    expect(openWindow('2026-11-23', withClosure)).toBeNull();
    expect(openWindow('2026-03-08', sundayNights)?.open.toISOString()).toBe(
      '2026-03-08T06:00:00.000Z',
    );
  });
});
