/**
 * Client-side money display for the mail-payment screens. The server parses and decides; this
 * only previews what the keyer typed (same 10-key rule: bare digits are cents).
 */
const FORMATS = {
  en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  fr: new Intl.NumberFormat('fr-CA', {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
  }),
} as const;

export function money(cents: number, lang: string): string {
  const f = lang.startsWith('fr') ? FORMATS.fr : FORMATS.en;
  return f.format(cents / 100);
}

/** "12345" → 12345 cents, "123.45" → 12345, anything else → null. */
export function previewCents(text: string): number | null {
  const t = text.trim().replace(/^\$/, '').replaceAll(',', '');
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d*)\.(\d{1,2})$/.exec(t);
  if (!m) return null;
  return Number(m[1] || '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
