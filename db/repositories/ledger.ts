import { sql, type Selectable } from 'kysely';
import type { IsoDate } from '../../server/domain/dates.ts';
import type { AccountTerms, LedgerAmount, LedgerEntry } from '../../server/domain/ledger.ts';
import type { DbOrTrx } from '../database.ts';
import { inList } from '../sql-helpers.ts';
import type { AccountsTable, LedgerEntriesTable, LedgerKind } from '../schema/index.ts';
import type { Account } from './accounts.ts';

export function toLedgerEntry(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    id: row.id,
    postedOn: row.posted_on,
    kind: row.kind,
    amountCents: row.amount_cents,
    code: row.code,
    description: row.description,
    reference: row.reference,
  };
}

/** The columns of an account row its contract terms are read from. */
export const TERMS_COLUMNS = [
  'type',
  'frequency',
  'payment_cents',
  'due_day',
  'opened_on',
  'term_months',
  'amount_financed_cents',
  'apr_bps',
  'residual_cents',
  'status',
  'closed_on',
] as const satisfies ReadonlyArray<keyof AccountsTable>;

/** The contract terms the ledger arithmetic needs, from an account (row or domain object). */
export function termsOf(
  account: Account | Pick<Selectable<AccountsTable>, (typeof TERMS_COLUMNS)[number]>,
): AccountTerms {
  if ('accountNumber' in account) {
    return {
      type: account.type,
      frequency: account.frequency,
      paymentCents: account.paymentCents,
      dueDay: account.dueDay,
      openedOn: account.openedOn,
      termMonths: account.termMonths,
      amountFinancedCents: account.amountFinancedCents,
      aprBps: account.aprBps,
      residualCents: account.residualCents,
      status: account.status,
      closedOn: account.closedOn,
    };
  }
  return {
    type: account.type,
    frequency: account.frequency,
    paymentCents: account.payment_cents,
    dueDay: account.due_day,
    openedOn: account.opened_on,
    termMonths: account.term_months,
    amountFinancedCents: account.amount_financed_cents,
    aprBps: account.apr_bps,
    residualCents: account.residual_cents,
    status: account.status,
    closedOn: account.closed_on,
  };
}

/** Every posted entry of an account, in posting order. */
export async function ledgerEntriesOf(db: DbOrTrx, accountId: number): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('posted_on')
    .orderBy('id')
    .execute();
  return rows.map(toLedgerEntry);
}

/**
 * Every posted entry of an account, in posting order, with only what its figures are computed
 * from (server/ledger/account-position.ts): the amount due, past due, payoff and last payment
 * never read an entry's description or reference, so they are not fetched.
 */
export async function ledgerFiguresOf(db: DbOrTrx, accountId: number): Promise<LedgerAmount[]> {
  // SQL text, not the builder: every figure on every screen reads it (see findThreadScreen).
  const { rows } = await sql<
    Pick<Selectable<LedgerEntriesTable>, 'id' | 'posted_on' | 'kind' | 'amount_cents' | 'code'>
  >`
    select id, posted_on, kind, amount_cents, code
    from ledger_entries
    where account_id = ${accountId}
    order by posted_on, id
  `.execute(db);
  return rows.map((row) => ({
    id: row.id,
    postedOn: row.posted_on,
    kind: row.kind,
    amountCents: row.amount_cents,
    code: row.code,
  }));
}

/**
 * The terms and whole ledger of many accounts, in two set-based queries (bulk posting plans
 * every payment of a batch from these). Accounts that do not exist are absent from `terms`.
 */
export async function termsAndLedgers(
  db: DbOrTrx,
  accountIds: readonly number[],
): Promise<{ terms: Map<number, AccountTerms>; ledgers: Map<number, LedgerEntry[]> }> {
  const ids = [...new Set(accountIds)];
  const terms = new Map<number, AccountTerms>();
  const ledgers = new Map<number, LedgerEntry[]>();
  if (ids.length === 0) return { terms, ledgers };
  const [accountRows, entryRows] = await Promise.all([
    db
      .selectFrom('accounts')
      .selectAll()
      .where(inList(db, 'id', ids))
      .execute(),
    db
      .selectFrom('ledger_entries')
      .selectAll()
      .where(inList(db, 'account_id', ids))
      .orderBy('account_id')
      .orderBy('posted_on')
      .orderBy('id')
      .execute(),
  ]);
  for (const row of accountRows) terms.set(row.id, termsOf(row));
  for (const row of entryRows) {
    let list = ledgers.get(row.account_id);
    if (!list) ledgers.set(row.account_id, (list = []));
    list.push(toLedgerEntry(row));
  }
  return { terms, ledgers };
}

export interface NewLedgerEntry {
  accountId: number;
  postedOn: IsoDate;
  kind: LedgerKind;
  /** Signed: positive adds to what is owed (charges, fees, returns), negative pays it. */
  amountCents: number;
  code?: string | null;
  description?: string | null;
  reference?: string | null;
  createdBy?: number | null;
}

const SIGN: Partial<Record<LedgerKind, 1 | -1>> = {
  payment: -1,
  provisional_credit: -1,
  charge: 1,
  fee: 1,
  return: 1,
  provisional_credit_reversal: 1,
  refund: 1,
};

/**
 * The one set of checks every ledger line passes, single or bulk: a non-zero integer number of
 * cents with the sign its kind requires.
 *
 * @throws RangeError naming the first bad line.
 */
export function checkLedgerEntry(entry: Pick<NewLedgerEntry, 'kind' | 'amountCents'>): void {
  if (!Number.isSafeInteger(entry.amountCents) || entry.amountCents === 0) {
    throw new RangeError(
      `Ledger amount must be a non-zero integer number of cents, got ${entry.amountCents}`,
    );
  }
  const sign = SIGN[entry.kind];
  if (sign !== undefined && Math.sign(entry.amountCents) !== sign) {
    throw new RangeError(`A ${entry.kind} must be ${sign > 0 ? 'positive' : 'negative'}`);
  }
}

/** Rows per multi-row INSERT (9 columns each: well under SQLite's 32,766 parameters). */
const INSERT_CHUNK = 1000;

/**
 * THE ledger writer (inside the caller's transaction), for one line or a whole batch. Every
 * line is checked before any is written, so a bad line refuses the lot and writes nothing; the
 * lines then go in with multi-row inserts, in order (ids ascend with the input). The ledger is
 * append-only: a mistake is corrected by another entry, never by editing this one.
 *
 * @example
 * const [entry] = await postLedgerEntries(trx, [{ accountId: 7, postedOn: '2026-11-20',
 *   kind: 'payment', amountCents: -45000, code: 'mail', reference: 'mail-item:9' }], at);
 * @throws RangeError when an amount is zero, not an integer, or has the wrong sign for its kind.
 */
export async function postLedgerEntries(
  db: DbOrTrx,
  entries: readonly NewLedgerEntry[],
  at: string,
): Promise<LedgerEntry[]> {
  entries.forEach(checkLedgerEntry);
  const out: LedgerEntry[] = [];
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    const rows = await db
      .insertInto('ledger_entries')
      .values(
        entries.slice(i, i + INSERT_CHUNK).map((entry) => ({
          account_id: entry.accountId,
          posted_on: entry.postedOn,
          kind: entry.kind,
          amount_cents: entry.amountCents,
          code: entry.code ?? null,
          description: entry.description ?? null,
          reference: entry.reference ?? null,
          created_at: at,
          created_by: entry.createdBy ?? null,
        })),
      )
      .returningAll()
      .execute();
    // RETURNING order is not promised by either engine: sort by id (ids ascend with the rows).
    out.push(...rows.sort((a, b) => a.id - b.id).map(toLedgerEntry));
  }
  return out;
}

/**
 * Posts one entry: {@link postLedgerEntries} with one line.
 *
 * @throws RangeError when the amount is zero, not an integer, or has the wrong sign for its kind.
 */
export async function postLedgerEntry(
  db: DbOrTrx,
  entry: NewLedgerEntry,
  at: string,
): Promise<LedgerEntry> {
  const [posted] = await postLedgerEntries(db, [entry], at);
  if (!posted) throw new Error('The ledger entry was not written');
  return posted;
}

/** Whether a payment with this code is already posted for the account on that day. */
export async function paymentPosted(
  db: DbOrTrx,
  accountId: number,
  postedOn: IsoDate,
  code: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('id')
    .where('account_id', '=', accountId)
    .where('posted_on', '=', postedOn)
    .where('kind', '=', 'payment')
    .where('code', '=', code)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Active accounts enrolled in EasyPay; with `dueDays`, only those due on one of these days of
 * the month (semi-monthly accounts also 15 days after their due day).
 */
export async function easyPayAccounts(db: DbOrTrx, dueDays: readonly number[] | null) {
  let q = db
    .selectFrom('accounts')
    .selectAll()
    .where('status', '=', 'active')
    .where('easypay_enrolled', '=', 1);
  if (dueDays && dueDays.length > 0) {
    const days = [...dueDays];
    q = q.where((eb) =>
      eb.or([
        eb('due_day', 'in', days),
        eb.and([eb('frequency', '=', 'semi-monthly'), eb(eb('due_day', '+', 15), 'in', days)]),
      ]),
    );
  }
  return q.execute();
}

/** Active accounts with an UltimatePay one-time payment scheduled in (from, to]. */
export async function ultimatePayScheduled(db: DbOrTrx, from: IsoDate, to: IsoDate) {
  return db
    .selectFrom('accounts')
    .select(['id', 'ultimatepay_date', 'ultimatepay_cents'])
    .where('status', '=', 'active')
    .where('ultimatepay_date', '>', from)
    .where('ultimatepay_date', '<=', to)
    .execute();
}
