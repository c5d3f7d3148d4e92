/**
 * The calendar date (and minute of the day) of an instant in a time zone: THE way the desk turns
 * an instant into a date, on both sides (server/domain/dates.ts re-exports it; the renderer
 * imports it with the centre's zone from `useCentreZone()` or a view's `timeZone`).
 *
 * Never cut a date out of an ISO instant (`iso.slice(0, 10)`, `split('T')[0]`): that is the UTC
 * date, which is tomorrow's in New York after 19:00 (20:00 in summer), so a deadline or an event
 * shows the wrong day. Nor use `getDate()`/`toLocaleDateString()`/date-fns `format` on a Date:
 * they use the PC's zone, which need not be the centre's. Lint refuses those forms.
 *
 * Runs several times per row of a queue page (SLA in business hours), so it avoids allocating
 * on the hot path: cached Intl formatters, results cached per zone and minute.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const localPartsCache = new Map<string, { date: string; minutes: number }>();

/** Local date and minute of an instant; both depend only on the instant's minute, so cached by it. */
function localParts(instant: Date, timeZone: string): { date: string; minutes: number } {
  const key = `${timeZone}|${Math.floor(instant.getTime() / 60_000)}`;
  const hit = localPartsCache.get(key);
  if (hit) return hit;
  const p: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) p[part.type] = part.value;
  const parts = {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
  if (localPartsCache.size > 100_000) localPartsCache.clear();
  localPartsCache.set(key, parts);
  return parts;
}

/** The zone's `YYYY-MM-DD` of an instant, e.g. 2026-11-21T03:00Z in New York → 2026-11-20. */
export function localDateOf(instant: Date, timeZone: string): string {
  return localParts(instant, timeZone).date;
}

/** Minutes since local midnight of an instant in a zone. */
export function localMinutesOf(instant: Date, timeZone: string): number {
  return localParts(instant, timeZone).minutes;
}

/**
 * The centre's calendar date of an ISO instant (what a screen shows as "the day it happened"):
 * `centreDateOf('2026-03-10T03:30:00Z', 'America/New_York')` → `'2026-03-09'`.
 */
export function centreDateOf(iso: string, timeZone: string): string {
  return localDateOf(new Date(iso), timeZone);
}
