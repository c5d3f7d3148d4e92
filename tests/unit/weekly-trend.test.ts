import { describe, expect, it } from 'vitest';
import { trendWeeks, weekStart, weeklyTrend } from '../../server/domain/weekly-trend.ts';

describe('weekly trend of the dispute cockpit (pure)', () => {
  it.each([
    ['2026-11-23', '2026-11-23'], // a Monday is its own week start
    ['2026-11-29', '2026-11-23'], // Sunday belongs to the week before
    ['2026-12-01', '2026-11-30'],
    ['2027-01-01', '2026-12-28'], // across the year end
  ])('weekStart(%s) is %s', (date, monday) => {
    expect(weekStart(date)).toBe(monday);
  });

  it('lists the Mondays of the last weeks, oldest first', () => {
    expect(trendWeeks('2026-11-26', 3)).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(trendWeeks('2026-11-26')).toHaveLength(12);
  });

  it('sums days into their week and drops days outside the window', () => {
    const weeks = trendWeeks('2026-11-26', 2);
    const trend = weeklyTrend(weeks, {
      opened: [
        { d: '2026-11-16', n: 2 },
        { d: '2026-11-22', n: 3 },
        { d: '2026-11-26', n: 1 },
        { d: '2026-11-01', n: 9 },
      ],
      closed: [{ d: '2026-11-24', n: 4 }],
      breaches: [
        { d: '2026-11-17', n: 1 },
        { d: '2026-11-17', n: 1 },
      ],
    });
    expect(trend).toEqual([
      { weekStart: '2026-11-16', opened: 5, closed: 0, breaches: 2 },
      { weekStart: '2026-11-23', opened: 1, closed: 4, breaches: 0 },
    ]);
  });
});
