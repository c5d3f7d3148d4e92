import { addCalendarDays, dayOfWeek, type IsoDate } from './dates.ts';

/** Counts of one kind of event per calendar day (a day without events is absent). */
export interface DayCount {
  d: string;
  n: number;
}

export interface TrendWeek {
  weekStart: IsoDate;
  opened: number;
  closed: number;
  breaches: number;
}

/** The Monday on or before a date. */
export function weekStart(date: IsoDate): IsoDate {
  return addCalendarDays(date, -((dayOfWeek(date) + 6) % 7));
}

/**
 * The Mondays of the last `weeks` weeks, oldest first, the last one this week's.
 *
 * @example trendWeeks('2026-11-26', 2) // ['2026-11-16', '2026-11-23']
 */
export function trendWeeks(today: IsoDate, weeks = 12): IsoDate[] {
  const first = addCalendarDays(weekStart(today), -7 * (weeks - 1));
  return Array.from({ length: weeks }, (_v, i) => addCalendarDays(first, 7 * i));
}

/** Daily counts summed into the weeks of `weeks` (from trendWeeks); other weeks are dropped. */
export function weeklyTrend(
  weeks: readonly IsoDate[],
  daily: { opened: DayCount[]; closed: DayCount[]; breaches: DayCount[] },
): TrendWeek[] {
  const byWeek = (rows: DayCount[]) => {
    const out = new Map<string, number>();
    for (const r of rows) {
      const w = weekStart(r.d);
      out.set(w, (out.get(w) ?? 0) + r.n);
    }
    return out;
  };
  const o = byWeek(daily.opened);
  const c = byWeek(daily.closed);
  const b = byWeek(daily.breaches);
  return weeks.map((w) => ({
    weekStart: w,
    opened: o.get(w) ?? 0,
    closed: c.get(w) ?? 0,
    breaches: b.get(w) ?? 0,
  }));
}
