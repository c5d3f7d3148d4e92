import { msg, type ServerMessage } from './shared/server-messages.ts';
import { addCalendarDays, compareIsoDates, dayOfWeek, type IsoDate } from './dates.ts';

/** A day the centre is closed although it is a weekday. */
export interface Closure {
  date: IsoDate;
  name: string;
}

export interface Holiday {
  /** The weekday the Federal Reserve is closed. */
  date: IsoDate;
  name: string;
  /** The legal date when it differs (a Sunday holiday observed on Monday). */
  actualDate?: IsoDate;
}

export interface SkippedDay {
  date: IsoDate;
  reason: string;
  kind: 'weekend' | 'holiday' | 'closure';
}

export interface BusinessDayResult {
  date: IsoDate;
  skipped: SkippedDay[];
  /**
   * e.g. "10 business days from Fri 2026-11-20; skipped Thu 2026-11-26 Thanksgiving Day and two
   * weekends", as a message the screen shows in the reader's language (`englishOf` for logs).
   */
  explanation: ServerMessage;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): IsoDate => `${y}-${pad(m)}-${pad(d)}`;

/** The `nth` given weekday (0=Sun) of a month; nth = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): IsoDate {
  if (nth > 0) {
    const first = iso(year, month, 1);
    const offset = (weekday - dayOfWeek(first) + 7) % 7;
    return addCalendarDays(first, offset + (nth - 1) * 7);
  }
  const nextMonth = month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1);
  const last = addCalendarDays(nextMonth, -1);
  const back = (dayOfWeek(last) - weekday + 7) % 7;
  return addCalendarDays(last, -back);
}

/**
 * The Federal Reserve's holiday schedule for a year: a holiday on Sunday is observed the
 * following Monday; a holiday on Saturday is NOT moved to Friday (the Fed is open that Friday).
 * Only weekdays are returned, since only they change which days are business days.
 *
 * @example federalReserveHolidays(2026).find(h => h.name === 'Thanksgiving Day')?.date // '2026-11-26'
 */
export function federalReserveHolidays(year: number): Holiday[] {
  const fixed: Array<[number, number, string]> = [
    [1, 1, "New Year's Day"],
    [7, 4, 'Independence Day'],
    [11, 11, 'Veterans Day'],
    [12, 25, 'Christmas Day'],
  ];
  if (year >= 2022) fixed.push([6, 19, 'Juneteenth National Independence Day']);
  const result: Holiday[] = [
    { date: nthWeekday(year, 1, 1, 3), name: 'Birthday of Martin Luther King, Jr.' },
    { date: nthWeekday(year, 2, 1, 3), name: "Washington's Birthday" },
    { date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
    { date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { date: nthWeekday(year, 10, 1, 2), name: 'Columbus Day' },
    { date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
  ];
  for (const [m, d, name] of fixed) {
    const actual = iso(year, m, d);
    const dow = dayOfWeek(actual);
    if (dow === 0) {
      result.push({
        date: addCalendarDays(actual, 1),
        name: `${name} (observed)`,
        actualDate: actual,
      });
    } else if (dow !== 6) {
      result.push({ date: actual, name });
    }
  }
  return result.sort((a, b) => compareIsoDates(a.date, b.date));
}

/**
 * The centre's business calendar: Monday–Friday minus Federal Reserve holidays minus the
 * admin's one-off closures. Every answer can say which days it skipped and why.
 * (date-fns' addBusinessDays knows no holidays, so deadlines never use it directly.)
 *
 * @example
 * const cal = new BusinessCalendar([]);
 * cal.addBusinessDays('2026-11-20', 10).date // '2026-12-07'
 */
export class BusinessCalendar {
  readonly #closures: Map<IsoDate, string>;
  readonly #holidayCache = new Map<number, Map<IsoDate, string>>();

  constructor(closures: readonly Closure[] = []) {
    this.#closures = new Map(closures.map((c) => [c.date, c.name]));
  }

  #holidays(year: number): Map<IsoDate, string> {
    let map = this.#holidayCache.get(year);
    if (!map) {
      map = new Map(federalReserveHolidays(year).map((h) => [h.date, h.name]));
      this.#holidayCache.set(year, map);
    }
    return map;
  }

  /** Why `date` is not a business day, or null when it is one. */
  nonBusinessReason(date: IsoDate): SkippedDay | null {
    const dow = dayOfWeek(date);
    if (dow === 6) return { date, reason: 'Saturday', kind: 'weekend' };
    if (dow === 0) return { date, reason: 'Sunday', kind: 'weekend' };
    const holiday = this.#holidays(Number(date.slice(0, 4))).get(date);
    if (holiday) return { date, reason: holiday, kind: 'holiday' };
    const closure = this.#closures.get(date);
    if (closure) return { date, reason: closure, kind: 'closure' };
    return null;
  }

  isBusinessDay(date: IsoDate): boolean {
    return this.nonBusinessReason(date) === null;
  }

  /**
   * The date `n` business days after `start` (day 0 = `start`, whatever day it is); with a
   * negative `n`, before it. n = 0 returns `start` itself.
   */
  addBusinessDays(start: IsoDate, n: number): BusinessDayResult {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = start;
    const skipped: SkippedDay[] = [];
    while (remaining > 0) {
      date = addCalendarDays(date, step);
      const reason = this.nonBusinessReason(date);
      if (reason) skipped.push(reason);
      else remaining -= 1;
    }
    return { date, skipped, explanation: businessDaysExplanation(start, n, skipped) };
  }

  /** The nearest business day on or before `date` (an internal target for calendar deadlines). */
  onOrBefore(date: IsoDate): BusinessDayResult {
    return this.#walk(date, -1);
  }

  /** The nearest business day on or after `date`. */
  onOrAfter(date: IsoDate): BusinessDayResult {
    return this.#walk(date, 1);
  }

  #walk(date: IsoDate, step: 1 | -1): BusinessDayResult {
    const skipped: SkippedDay[] = [];
    let d = date;
    for (;;) {
      const reason = this.nonBusinessReason(d);
      if (!reason) break;
      skipped.push(reason);
      d = addCalendarDays(d, step);
    }
    const explanation =
      skipped.length === 0
        ? msg('clocks.isBusinessDay', { on: date })
        : msg(step < 0 ? 'clocks.businessDayBefore' : 'clocks.businessDayAfter', {
            on: d,
            from: date,
            skipped: describeSkipped(skipped),
          });
    return { date: d, skipped, explanation };
  }

  /**
   * Business days after `from` up to and including `to` (0 when `to` <= `from`): how many
   * business days of a clock have elapsed.
   */
  businessDaysBetween(from: IsoDate, to: IsoDate): number {
    if (compareIsoDates(to, from) <= 0) return 0;
    let count = 0;
    for (let d = addCalendarDays(from, 1); compareIsoDates(d, to) <= 0; d = addCalendarDays(d, 1)) {
      if (this.isBusinessDay(d)) count += 1;
    }
    return count;
  }
}

/** "10 business days from Fri 2026-11-20; skipped …" (`n` < 0: "… before …"). */
export function businessDaysExplanation(
  start: IsoDate,
  n: number,
  skipped: readonly SkippedDay[],
): ServerMessage {
  return msg(n < 0 ? 'clocks.businessDaysBefore' : 'clocks.businessDaysFrom', {
    count: Math.abs(n),
    from: start,
    skipped: describeSkipped(skipped),
  });
}

const HOLIDAY_KEYS = {
  "New Year's Day": 'holidays.newYear',
  'Independence Day': 'holidays.independence',
  'Veterans Day': 'holidays.veterans',
  'Christmas Day': 'holidays.christmas',
  'Juneteenth National Independence Day': 'holidays.juneteenth',
  'Birthday of Martin Luther King, Jr.': 'holidays.mlk',
  "Washington's Birthday": 'holidays.washington',
  'Memorial Day': 'holidays.memorial',
  'Labor Day': 'holidays.labor',
  'Columbus Day': 'holidays.columbus',
  'Thanksgiving Day': 'holidays.thanksgiving',
} as const;

/** Why a day was skipped, in words: a holiday's name translated; a closure as the admin wrote it. */
export function reasonText(reason: string): ServerMessage | string {
  if (reason === 'Saturday') return msg('clocks.saturday');
  if (reason === 'Sunday') return msg('clocks.sunday');
  const observed = reason.endsWith(' (observed)');
  const name = observed ? reason.slice(0, -' (observed)'.length) : reason;
  const key = HOLIDAY_KEYS[name as keyof typeof HOLIDAY_KEYS];
  if (!key) return reason;
  return observed ? msg('holidays.observed', { holiday: msg(key) }) : msg(key);
}

/** A, B and C: the parts joined the way the reader's language joins a list. */
function listOf(parts: readonly ServerMessage[]): ServerMessage {
  if (parts.length === 1) return parts[0] as ServerMessage;
  const head = parts
    .slice(1, -1)
    .reduce<ServerMessage>(
      (joined, part) => msg('common.listComma', { first: joined, next: part }),
      parts[0] as ServerMessage,
    );
  return msg('common.listAnd', { first: head, last: parts.at(-1) as ServerMessage });
}

/** "; skipped Thu 2026-11-26 Thanksgiving Day and two weekends" (empty when nothing skipped). */
export function describeSkipped(skipped: readonly SkippedDay[]): ServerMessage | string {
  if (skipped.length === 0) return '';
  const named = skipped
    .filter((s) => s.kind !== 'weekend')
    .map((s) => msg('clocks.skippedDay', { on: s.date, reason: reasonText(s.reason) }));
  const weekendKeys = new Set(
    skipped
      .filter((s) => s.kind === 'weekend')
      // A Sunday belongs to the weekend that began the day before.
      .map((s) => (s.reason === 'Sunday' ? addCalendarDays(s.date, -1) : s.date)),
  );
  const parts = [...named];
  if (weekendKeys.size > 0) parts.push(msg('clocks.weekends', { count: weekendKeys.size }));
  return msg('clocks.skipped', { list: listOf(parts) });
}
