/** A limit as typed in dollars ("2500", "2,500.00", "" = no limit) → cents; undefined: not valid. */
export function parseLimit(text: string): number | null | undefined {
  const t = text.trim().replace(/^\$/, '').replaceAll(',', '');
  if (t === '') return null;
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const FORMATS = {
  en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  fr: new Intl.NumberFormat('fr-CA', {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
  }),
} as const;

/** Cents shown in the UI language. */
export function showCents(cents: number, lang: string): string {
  return (lang.startsWith('fr') ? FORMATS.fr : FORMATS.en).format(cents / 100);
}

/** Cents as the dollars the form starts from ("" for no limit). */
export function limitText(cents: number | null): string {
  return cents === null ? '' : (cents / 100).toFixed(2);
}
