/**
 * Date labels shared by the renderer and the server (letters, notices): a `YYYY-MM-DD` business
 * date written the way a reader of `language` expects, never shifted by a time zone; an instant
 * written in the centre's zone. `fr…` languages get Canadian French, anything else US English.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = language.startsWith('fr') ? 'fr-CA' : 'en-US';
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function utcNoonOf(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

/** '2026-11-23' → "Mon, Nov 23, 2026" / "lun. 23 nov. 2026"; null → "—". */
export function dayLabel(iso: string | null | undefined, language: string, weekday = true): string {
  if (!iso) return '—';
  return formatter(language, {
    ...(weekday ? { weekday: 'short' } : {}),
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(utcNoonOf(iso));
}

/** '2026-11-20' → "November 20, 2026" / "20 novembre 2026" (letters). */
export function longDateLabel(iso: string, language: string): string {
  return formatter(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(utcNoonOf(iso));
}

/** An instant in the centre's zone: "Mon, Nov 23, 2026, 9:30 AM". */
export function instantLabel(iso: string, language: string, timeZone: string): string {
  return formatter(language, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
