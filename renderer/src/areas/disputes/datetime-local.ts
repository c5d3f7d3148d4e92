import { tz } from '@date-fns/tz';
// eslint-disable-next-line no-restricted-syntax -- every call below passes { in: tz(centre zone) }
import { format, isValid, parseISO } from 'date-fns';

/**
 * A `datetime-local` field holds a wall-clock time with no zone. The desk's fields are in the
 * CENTRE's zone (every time on screen is; the notice date that starts a dispute's clocks is the
 * centre's date of the notice), not the PC's, which may be elsewhere.
 */
const FIELD = "yyyy-MM-dd'T'HH:mm";

/** An ISO instant as a `datetime-local` value in `timeZone` (the centre's). */
export function toLocalInput(iso: string, timeZone: string): string {
  return format(iso, FIELD, { in: tz(timeZone) });
}

/** A `datetime-local` value read in `timeZone` (the centre's) as a UTC ISO instant, or null when empty/invalid. */
export function fromLocalInput(value: string, timeZone: string): string | null {
  if (!value) return null;
  const d = parseISO(value, { in: tz(timeZone) });
  return isValid(d) ? new Date(d.getTime()).toISOString() : null;
}
