import { formatCents, parseAmountToCents } from '../../../../server/domain/shared/money.ts';

/**
 * A limit as typed in dollars ("2500", "2,500.00", "" = no limit) → cents; undefined: not valid.
 * The one money parser of the desk reads it, so "12,34" is refused here as everywhere else
 * (it is more likely a mistyped decimal point than twelve hundred and thirty-four dollars).
 */
export function parseLimit(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  return parseAmountToCents(text) ?? undefined;
}

/** Cents shown in the UI language (the desk's one money formatter). */
export const showCents = (cents: number, lang: string): string => formatCents(cents, lang);

/** Cents as the dollars the form starts from ("" for no limit). */
export function limitText(cents: number | null): string {
  return cents === null ? '' : (cents / 100).toFixed(2);
}
