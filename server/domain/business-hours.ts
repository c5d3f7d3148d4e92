import type { BusinessCalendar } from './calendar.ts';
import {
  dayNumber,
  dayOfWeek,
  fromDayNumber,
  instantAt,
  localDateOf,
  type IsoDate,
} from './dates.ts';

/**
 * Business-hours arithmetic: how many minutes of the centre's opening hours lie between two
 * instants, and which instant is N opening-hour minutes after another. Opening hours come
 * from the lender configuration (`hours`, local wall-clock times per weekday), the zone from
 * `identity.timeZone`, and closed days (weekends, Federal Reserve holidays, admin closures)
 * from the BusinessCalendar. Each day's window is turned into instants with `instantAt`, so a
 * daylight-saving change moves the window with the wall clock and never counts the lost or
 * repeated night hour. Pure: no clock, no I/O.
 */

export interface DayHours {
  /** 'HH:MM', 24-hour, local. */
  open: string;
  close: string;
}

export type WeekHours = Record<
  'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday',
  DayHours | null
>;

export interface BusinessHours {
  hours: WeekHours;
  timeZone: string;
  calendar: BusinessCalendar;
}

const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** Longest search for open time (a centre closed for more than this is misconfigured). */
const MAX_DAYS = 3 * 366;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The centre's opening window on a local date as instants, or null when it is closed all day
 * (weekend with no hours, holiday, closure, or no hours configured).
 *
 * @example openWindow('2026-11-20', bh) // { open: 2026-11-20T14:00Z, close: 2026-11-20T23:00Z }
 */
export function openWindow(date: IsoDate, bh: BusinessHours): { open: Date; close: Date } | null {
  const day = bh.hours[WEEKDAYS[dayOfWeek(date)] as keyof WeekHours];
  if (!day) return null;
  // Weekend hours, when configured, still count; holidays and closures never do.
  const reason = bh.calendar.nonBusinessReason(date);
  if (reason && reason.kind !== 'weekend') return null;
  const open = minutesOf(day.open);
  const close = minutesOf(day.close);
  if (close <= open) return null;
  return { open: instantAt(date, open, bh.timeZone), close: instantAt(date, close, bh.timeZone) };
}

/**
 * Each day's opening window (epoch ms, or null: closed), by day number, per calendar, hours and
 * zone. A queue page asks for the same days again and again (every overdue row walks the days
 * since it fell due: ≈ 2 ms a row before, a third of a page's CPU): the answer depends only on
 * these three, and the calendar and hours objects are replaced, never changed, when the
 * configuration changes (frozen settings; a new BusinessCalendar per read), so the memo is keyed
 * by their identity and goes away with them.
 */
type DayWindow = readonly [open: number, close: number] | null;
const windowMemo = new WeakMap<BusinessCalendar, WeakMap<WeekHours, Map<string, DayWindow>>>();
const MEMO_DAYS = 20_000;

function windowOfDay(day: number, bh: BusinessHours): DayWindow {
  let byHours = windowMemo.get(bh.calendar);
  if (!byHours) windowMemo.set(bh.calendar, (byHours = new WeakMap()));
  let days = byHours.get(bh.hours);
  if (!days) byHours.set(bh.hours, (days = new Map()));
  const key = `${bh.timeZone}|${day}`;
  let w = days.get(key);
  if (w === undefined) {
    const win = openWindow(fromDayNumber(day), bh);
    w = win ? [win.open.getTime(), win.close.getTime()] : null;
    if (days.size >= MEMO_DAYS) days.clear();
    days.set(key, w);
  }
  return w;
}

/**
 * Opening-hour minutes between two instants (0 when `to` is not after `from`). Fractions of a
 * minute count: the result is exact to the millisecond, in minutes.
 *
 * @example businessMinutesBetween(fri1700, mon1000, bh) // 60 + 60 = 120 (Fri 17–18, Mon 9–10)
 */
export function businessMinutesBetween(from: Date, to: Date, bh: BusinessHours): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  let totalMs = 0;
  const first = dayNumber(localDateOf(from, bh.timeZone));
  const last = Math.min(dayNumber(localDateOf(to, bh.timeZone)), first + MAX_DAYS);
  for (let day = first; day <= last; day++) {
    const w = windowOfDay(day, bh);
    if (!w) continue;
    const start = Math.max(w[0], fromMs);
    const end = Math.min(w[1], toMs);
    if (end > start) totalMs += end - start;
  }
  return totalMs / 60_000;
}

/**
 * Opening-hour minutes from one instant to many others: `businessMinutesFrom(origin, bh)(t)` is
 * `businessMinutesBetween(origin, t)` when `t` is after `origin`, else
 * `-businessMinutesBetween(t, origin)`, to the bit. A queue page asks this of every row's due time
 * against the same `now`; instead of walking every day between the two per row (an overdue row
 * walks all the days since it fell due), the whole days' opening time on each side of `origin`
 * is summed once, as far as the rows reach, and each row adds only its own day's part. Every term
 * is a whole number of milliseconds, so the sums are exact whatever their order.
 *
 * @example businessMinutesFrom(mon1000, bh)(fri1700) // −120 (Fri 17–18, Mon 9–10)
 */
export function businessMinutesFrom(origin: Date, bh: BusinessHours): (at: Date) => number {
  const o = origin.getTime();
  const oDay = dayNumber(localDateOf(origin, bh.timeZone));
  const oWindow = windowOfDay(oDay, bh);
  // after[k]: opening ms of the whole days oDay+1 … oDay+k; before[k]: of oDay−1 … oDay−k.
  const after = [0];
  const before = [0];
  const wholeDays = (sums: number[], k: number, step: 1 | -1) => {
    for (let i = sums.length; i <= k; i++) {
      const w = windowOfDay(oDay + step * i, bh);
      sums.push(sums[i - 1]! + (w ? Math.max(0, w[1] - w[0]) : 0));
    }
    return sums[k]!;
  };
  const part = (w: DayWindow, from: number, to: number) =>
    w ? Math.max(0, Math.min(w[1], to) - Math.max(w[0], from)) : 0;
  // A page's rows often share a due time (the clocks of one day's messages end at a closing time).
  const known = new Map<number, number>();
  return (at) => {
    const t = at.getTime();
    const hit = known.get(t);
    if (hit !== undefined) return hit;
    const minutes = count(t, at);
    known.set(t, minutes);
    return minutes;
  };
  function count(t: number, at: Date): number {
    const from = Math.min(o, t);
    const to = Math.max(o, t);
    const tDay = dayNumber(localDateOf(at, bh.timeZone));
    const span = Math.abs(tDay - oDay);
    // Past businessMinutesBetween's own search limit, ask it (it stops counting there).
    if (span > MAX_DAYS) {
      return t > o
        ? businessMinutesBetween(origin, at, bh)
        : -businessMinutesBetween(at, origin, bh);
    }
    let totalMs = part(oWindow, from, to);
    if (span > 0) {
      totalMs += wholeDays(t > o ? after : before, span - 1, t > o ? 1 : -1);
      totalMs += part(windowOfDay(tDay, bh), from, to);
    }
    return t > o ? totalMs / 60_000 : -(totalMs / 60_000);
  }
}

/**
 * The instant `minutes` opening-hour minutes after `start`. Starting outside hours, the count
 * begins at the next opening; a target that lands exactly on a closing time stays there.
 *
 * @example addBusinessMinutes(fri1700, 120, bh) // Mon 10:00 (Fri 17–18, Mon 9–10)
 */
export function addBusinessMinutes(start: Date, minutes: number, bh: BusinessHours): Date {
  if (minutes < 0) throw new RangeError('addBusinessMinutes needs a non-negative duration');
  let remainingMs = minutes * 60_000;
  const first = dayNumber(localDateOf(start, bh.timeZone));
  for (let day = first; day <= first + MAX_DAYS; day++) {
    const w = windowOfDay(day, bh);
    if (!w) continue;
    const from = Math.max(w[0], start.getTime());
    const end = w[1];
    if (end <= from) continue;
    if (remainingMs === 0) return new Date(from);
    if (from + remainingMs <= end) return new Date(from + remainingMs);
    remainingMs -= end - from;
  }
  throw new RangeError(
    `No opening hours within ${MAX_DAYS} days of ${start.toISOString()}: check the hours setting`,
  );
}

/** Whether the centre is open at an instant. */
export function isOpenAt(at: Date, bh: BusinessHours): boolean {
  const w = openWindow(localDateOf(at, bh.timeZone), bh);
  return w !== null && at.getTime() >= w.open.getTime() && at.getTime() < w.close.getTime();
}
