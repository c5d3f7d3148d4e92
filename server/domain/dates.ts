import { TZDate } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, getDay } from 'date-fns';

/**
 * All date arithmetic of the desk goes through this module, over date-fns.
 *
 * Business dates are date-only strings `YYYY-MM-DD` (IsoDate). Internally they become TZDate
 * at UTC midnight so that the server's own time zone can never shift a day. Instants are UTC
 * ISO strings; the centre's local date of an instant is computed with its configured zone.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = toUtcDate(value);
  return format(d, 'yyyy-MM-dd') === value;
}

/** `YYYY-MM-DD` → TZDate at 00:00 UTC (throws on a malformed string). */
export function toUtcDate(value: IsoDate): TZDate {
  const m = ISO_DATE.exec(value);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${value}`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 'UTC');
}

/** A Date (any zone) → its `YYYY-MM-DD` in that Date's own zone. */
export function formatIsoDate(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

/**
 * @example addCalendarDays('2026-11-20', 10) // '2026-11-30'
 */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return formatIsoDate(addDays(toUtcDate(date), days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toUtcDate(to), toUtcDate(from));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return getDay(toUtcDate(date));
}

/** `Fri 2026-11-20`: the form every deadline explanation uses. */
export function labelDate(date: IsoDate): string {
  return `${format(toUtcDate(date), 'EEE')} ${date}`;
}

/** The centre-local calendar date of an instant, e.g. 2026-11-21T03:00Z in New York → 2026-11-20. */
export function localDateOf(instant: Date, timeZone: string): IsoDate {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** Minutes since local midnight of an instant in a zone. */
export function localMinutesOf(instant: Date, timeZone: string): number {
  const z = new TZDate(instant.getTime(), timeZone);
  return z.getHours() * 60 + z.getMinutes();
}

/** The instant at `minutes` past local midnight of `date` in `timeZone` (DST-correct). */
export function instantAt(date: IsoDate, minutes: number, timeZone: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const z = new TZDate(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Math.floor(minutes / 60),
    minutes % 60,
    timeZone,
  );
  return new Date(z.getTime());
}

/** Compare two IsoDates (string order is date order for `YYYY-MM-DD`). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
