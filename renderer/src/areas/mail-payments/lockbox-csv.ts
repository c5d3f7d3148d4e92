import { parseAmountToCents } from '../../../../server/domain/shared/money.ts';

/**
 * The bank's lockbox data file, read in the browser: a CSV with a header row naming the
 * columns below (any order, case and surrounding spaces ignored). Amounts follow the 10-key rule
 * the keying screen uses (bare digits are cents: 12345 = $123.45; 123.45 works too). The server
 * checks everything again; this only builds the request and the preview.
 */

export const LOCKBOX_COLUMNS = [
  'account_number',
  'amount',
  'instrument_number',
  'instrument_type',
  'payee',
  'routing_number',
  'remitter',
  'notes',
  'paid_in_full',
] as const;
const REQUIRED = [
  'account_number',
  'amount',
  'instrument_number',
  'instrument_type',
  'payee',
] as const;
type InstrumentType = 'personal_check' | 'cashiers_check' | 'money_order';
const TYPE_ALIASES: Record<string, InstrumentType> = {
  personal_check: 'personal_check',
  check: 'personal_check',
  personal: 'personal_check',
  cashiers_check: 'cashiers_check',
  cashier_check: 'cashiers_check',
  cashiers: 'cashiers_check',
  money_order: 'money_order',
  mo: 'money_order',
};

export interface LockboxFileItem {
  accountNumber: string;
  amount: string;
  instrumentNumber: string;
  instrumentType: InstrumentType;
  payee: string;
  routingNumber: string;
  remitter: string;
  notes: string;
  paidInFull: boolean;
}

/** A problem with the file: `line` is the 1-based line of the file (the header is line 1). */
export interface LockboxFileProblem {
  line: number;
  code: 'empty' | 'missingColumns' | 'amount' | 'instrumentType' | 'paidInFull' | 'columnCount';
  detail: string;
}

export interface LockboxFile {
  items: LockboxFileItem[];
  totalCents: number;
  problems: LockboxFileProblem[];
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

function readBool(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['', '0', 'n', 'no', 'false', 'non', 'faux'].includes(t)) return false;
  if (['1', 'y', 'yes', 'true', 'x', 'o', 'oui', 'vrai'].includes(t)) return true;
  return null;
}

export function parseLockboxCsv(text: string): LockboxFile {
  const rows = csvRows(text);
  const problems: LockboxFileProblem[] = [];
  const header = rows[0]?.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  if (!header || rows.length < 2)
    return { items: [], totalCents: 0, problems: [{ line: 1, code: 'empty', detail: '' }] };
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    return {
      items: [],
      totalCents: 0,
      problems: [{ line: 1, code: 'missingColumns', detail: missing.join(', ') }],
    };
  const col = (name: (typeof LOCKBOX_COLUMNS)[number]) => header.indexOf(name);
  const items: LockboxFileItem[] = [];
  let totalCents = 0;
  rows.slice(1).forEach((r, index) => {
    const line = index + 2;
    const get = (name: (typeof LOCKBOX_COLUMNS)[number]) => {
      const at = col(name);
      return at < 0 ? '' : (r[at] ?? '').trim();
    };
    if (r.length > header.length)
      problems.push({ line, code: 'columnCount', detail: String(r.length) });
    const amount = get('amount');
    const cents = parseAmountToCents(amount, { digitsAreCents: true });
    if (cents === null) problems.push({ line, code: 'amount', detail: amount });
    else totalCents += cents;
    const typeText = get('instrument_type')
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/[\s-]+/g, '_');
    const instrumentType = TYPE_ALIASES[typeText];
    if (!instrumentType)
      problems.push({ line, code: 'instrumentType', detail: get('instrument_type') });
    const paidInFull = readBool(get('paid_in_full'));
    if (paidInFull === null)
      problems.push({ line, code: 'paidInFull', detail: get('paid_in_full') });
    items.push({
      accountNumber: get('account_number'),
      amount,
      instrumentNumber: get('instrument_number'),
      instrumentType: instrumentType ?? 'personal_check',
      payee: get('payee'),
      routingNumber: get('routing_number'),
      remitter: get('remitter'),
      notes: get('notes'),
      paidInFull: paidInFull ?? false,
    });
  });
  return { items, totalCents, problems };
}
