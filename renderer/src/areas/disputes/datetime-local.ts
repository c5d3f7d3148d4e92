import { format, isValid, parseISO } from 'date-fns';

/** An ISO instant as the browser's `datetime-local` value (in the browser's own time zone). */
export function toLocalInput(iso: string): string {
  return format(new Date(iso), "yyyy-MM-dd'T'HH:mm");
}

/** A `datetime-local` value (browser's time zone) as an ISO instant, or null when empty/invalid. */
export function fromLocalInput(value: string): string | null {
  const d = parseISO(value);
  return value && isValid(d) ? d.toISOString() : null;
}
