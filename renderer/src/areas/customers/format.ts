/**
 * Display helpers of the customers area. The server computes every figure; these only write
 * cents and `YYYY-MM-DD` dates the way an agent reads them in their language.
 */
const MONEY = {
  en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  fr: new Intl.NumberFormat('fr-CA', {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
  }),
} as const;

/** 123456 → "$1,234.56" (en) or "1 234,56 $" (fr). */
export function money(cents: number, lang: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const text = (lang.startsWith('fr') ? MONEY.fr : MONEY.en).format(
    `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}` as `${number}`,
  );
  return `${sign}${text}`;
}

const DATE_CACHE = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: string, weekday: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${weekday}`;
  let f = DATE_CACHE.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang.startsWith('fr') ? 'fr-CA' : 'en-US', {
      ...(weekday ? { weekday: 'short' } : {}),
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
    DATE_CACHE.set(key, f);
  }
  return f;
}

/** '2026-11-23' → "Mon, Nov 23, 2026" / "lun. 23 nov. 2026" (a date, never shifted by a zone). */
export function day(iso: string | null | undefined, lang: string, weekday = true): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  return dateFormat(lang, weekday).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** An instant in the centre's zone: "Mon, Nov 23, 2026, 9:30 AM". */
export function instant(iso: string, lang: string, timeZone: string): string {
  return new Intl.DateTimeFormat(lang.startsWith('fr') ? 'fr-CA' : 'en-US', {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}
