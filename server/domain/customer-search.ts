/**
 * How the one search box reads what the agent typed. Pure: the repository runs the plan.
 *
 * - digits (4+; spaces, dashes, dots and parentheses ignored): account number prefix and phone
 *   number prefix (a leading 1 of an 11-digit phone is dropped);
 * - 6–17 VIN characters with letters and digits: full VIN (exact or prefix) or its last 8;
 * - anything with an @: e-mail prefix;
 * - otherwise words: name (and e-mail words) prefixes, accent- and case-insensitive,
 *   any order ("trem hel" finds Hélène Tremblay).
 */
export interface SearchPlan {
  /** Digits to match as an account-number prefix. */
  accountPrefix: string | null;
  /** Digits to match as a phone-number prefix. */
  phonePrefix: string | null;
  /** Upper-case VIN fragment matched as a VIN prefix (and exactly when 17 long). */
  vinPrefix: string | null;
  /** Upper-case fragment of at most 8 matched as a prefix of the VIN's last 8. */
  vinLast8Prefix: string | null;
  /** Lower-case e-mail prefix. */
  emailPrefix: string | null;
  /** FTS5 MATCH expression (SQLite), or null. */
  ftsQuery: string | null;
  /** The same name words, space-separated, for PostgreSQL's full-text query; null with ftsQuery. */
  nameWords: string | null;
}

const EMPTY: SearchPlan = {
  accountPrefix: null,
  phonePrefix: null,
  vinPrefix: null,
  vinLast8Prefix: null,
  emailPrefix: null,
  ftsQuery: null,
  nameWords: null,
};

const VIN_CHARS = /^[A-HJ-NPR-Z0-9]{6,17}$/;
const PHONE_LIKE = /^[\d\s().+-]+$/;

/** Words of a name query, folded by FTS itself; quotes are dropped so input is never syntax. */
export function nameTokens(query: string): string[] {
  return query
    .split(/[^\p{L}\p{N}]+/u)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .slice(0, 6);
}

/**
 * @example
 * planSearch('hélène trem').ftsQuery // '"hélène"* AND "trem"*'
 * planSearch('514-555-4676').phonePrefix // '5145554676'
 * planSearch('n3k12345').vinLast8Prefix // 'N3K12345'
 */
export function planSearch(raw: string): SearchPlan {
  const query = raw.trim().normalize('NFC');
  if (query.length < 2) return EMPTY;
  if (query.includes('@')) return { ...EMPTY, emailPrefix: query.toLowerCase() };

  if (PHONE_LIKE.test(query)) {
    const digits = query.replace(/\D/g, '');
    if (digits.length < 4) return EMPTY;
    const phone = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
    return {
      ...EMPTY,
      accountPrefix: digits.length <= 10 ? digits : null,
      phonePrefix: phone.length <= 10 ? phone : null,
    };
  }

  const compact = query.replace(/[\s-]/g, '').toUpperCase();
  const plan: SearchPlan = { ...EMPTY };
  if (VIN_CHARS.test(compact) && /\d/.test(compact) && /[A-Z]/.test(compact)) {
    plan.vinPrefix = compact;
    if (compact.length <= 8) plan.vinLast8Prefix = compact;
  }
  const tokens = nameTokens(query);
  if (tokens.length > 0 && !tokens.every((t) => /^\d+$/.test(t))) {
    plan.ftsQuery = tokens.map((t) => `"${t}"*`).join(' AND ');
    plan.nameWords = tokens.join(' ');
  }
  return plan;
}
