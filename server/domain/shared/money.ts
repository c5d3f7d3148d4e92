/**
 * Money parsing and formatting shared by the renderer and the server: the renderer previews
 * exactly what the server will store (one parser, one formatter; no copies).
 *
 * Money is held as an integer number of cents everywhere. Floats never carry a balance:
 * 0.1 + 0.2 !== 0.3, and a ledger that drifts by a cent fails reconciliation. Every helper here
 * keeps values inside Number.MAX_SAFE_INTEGER so integer arithmetic stays exact.
 */

/** An amount in integer cents (USD). May be negative only where a helper says so. */
export type Cents = number;

export interface ParseAmountOptions {
  /**
   * Treat a bare digit string (no `$`, commas or decimal point) as cents, the way a 10-key
   * adding machine works: agents keying "12345" mean $123.45. Off by default because in a
   * free-text field "12" far more often means twelve dollars.
   */
  digitsAreCents?: boolean;
}

const BARE_DIGITS = /^\d+$/;
// Whole part is either plain digits or correctly grouped thousands ("1,234,567"); a stray comma
// ("12,34") is more likely a mistyped decimal point than a separator, so it is rejected.
const AMOUNT = /^\$?\s*(\d+|\d{1,3}(?:,\d{3})+)?(?:\.(\d{1,2}))?$/;
const MAX_CENTS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses what an agent typed into an amount field. Returns null for anything that is not a
 * non-negative amount with at most two decimals: the caller turns null into a field error, so
 * this never guesses (no rounding of "1.999", no negative refunds slipping through).
 *
 * @example
 * parseAmountToCents('1,234.56'); // 123456
 * parseAmountToCents('$12'); // 1200
 * parseAmountToCents('12.5'); // 1250
 * parseAmountToCents('12345', { digitsAreCents: true }); // 12345
 * parseAmountToCents('-5'); // null
 */
export function parseAmountToCents(input: string, opts: ParseAmountOptions = {}): Cents | null {
  const text = input.trim();
  if (opts.digitsAreCents && BARE_DIGITS.test(text)) {
    return toSafeCents(BigInt(text));
  }
  const match = AMOUNT.exec(text);
  if (!match) return null;
  const whole = match[1];
  const fraction = match[2];
  // The regex makes both parts optional so that ".5" parses; "" and "$" must still fail.
  if (whole === undefined && fraction === undefined) return null;
  const dollars = BigInt((whole ?? '0').replaceAll(',', ''));
  const cents = BigInt((fraction ?? '').padEnd(2, '0'));
  return toSafeCents(dollars * 100n + cents);
}

// BigInt so that a 20-digit paste is rejected rather than silently rounded by float parsing.
function toSafeCents(value: bigint): Cents | null {
  return value <= MAX_CENTS ? Number(value) : null;
}

const FORMATTERS = {
  en: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }),
  // narrowSymbol: fr-CA's default symbol for USD is "$ US", which is noise on a USD-only desk.
  fr: new Intl.NumberFormat('fr-CA', {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol',
  }),
} as const;

/**
 * Formats cents for display in the agent's language (`fr`, `fr-CA`… → French; else English). Negative values (credits, reversals) keep
 * their sign. French output uses no-break spaces, so compare with that in mind.
 *
 * @example
 * formatCents(123456); // '$1,234.56'
 * formatCents(123456, 'fr'); // '1 234,56 $' (with no-break spaces)
 * formatCents(-500); // '-$5.00'
 */
export function formatCents(cents: Cents, language: string = 'en'): string {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`formatCents: ${cents} is not a safe integer number of cents`);
  }
  // Format an exact decimal string rather than cents / 100: near MAX_SAFE_INTEGER the float
  // division loses the last cent.
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  const formatter = language.startsWith('fr') ? FORMATTERS.fr : FORMATTERS.en;
  return formatter.format(`${sign}${whole}.${fraction}` as `${number}`);
}
