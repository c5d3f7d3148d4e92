import type { DbOrTrx } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.ts';
import { requireAccount } from '../customers/load-customer.ts';
import { ledgerEntriesOf, ledgerFiguresOf, termsOf } from '../../db/repositories/ledger.ts';
import { readSetting } from '../core/settings.ts';
import type { IsoDate } from '../domain/dates.ts';
import {
  ledgerLines,
  replayOptionsOf,
  type AccountTerms,
  summarizeAccount,
  type AccountSummary,
  type LedgerLine,
  type ReplayOptions,
} from '../domain/ledger.ts';
import { payoffQuote, type PayoffQuote } from '../domain/payoff-quote.ts';

/**
 * An account's position and ledger as of a day: its rows read, the pure ledger rules applied.
 * THE server path to an account's money figures (amount due, past due, fees, balance, payoff):
 * the customer 360, the secure-message panel, the balance given on a call and the payoff letter
 * all read them here, so one day's figures are the same on every screen.
 */

/** The replay options of the configured payment application order (read once per request). */
export async function ledgerOptions(db: DbOrTrx): Promise<ReplayOptions> {
  return replayOptionsOf(await readSetting(db, 'paymentApplicationOrder'));
}

/**
 * The figures of an account already loaded, at the end of `today`.
 *
 * @example const s = await summaryOfAccount(ctx.db, account, ctx.today, await ledgerOptions(ctx.db));
 */
export async function summaryOfAccount(
  db: DbOrTrx,
  account: Account,
  today: IsoDate,
  options?: ReplayOptions,
): Promise<AccountSummary> {
  return summaryOfTerms(db, account.id, termsOf(account), today, options);
}

/**
 * The figures of an account whose terms the caller already read (a screen that lists the
 * customer's accounts reads them with the list: no second read of the account). The ledger is
 * read with only the columns the figures use (`ledgerFiguresOf`).
 *
 * @example const s = await summaryOfTerms(ctx.db, row.id, row.terms, ctx.today);
 */
export async function summaryOfTerms(
  db: DbOrTrx,
  accountId: number,
  terms: AccountTerms,
  today: IsoDate,
  options?: ReplayOptions,
): Promise<AccountSummary> {
  const [entries, opts] = await Promise.all([
    ledgerFiguresOf(db, accountId),
    options ?? ledgerOptions(db),
  ]);
  return summarizeAccount(terms, entries, today, opts);
}

/**
 * Amount due, past due, fees, payoff and next due date of an account at the end of `today`
 * (the centre's today on the request context), derived from its terms and ledger.
 *
 * @example
 * const { amountDueCents, nextDueDate } = await accountSummary(ctx.db, accountId, ctx.today);
 */
export async function accountSummary(
  db: DbOrTrx,
  accountId: number,
  today: IsoDate,
): Promise<AccountSummary & { accountId: number }> {
  const account = await requireAccount(db, accountId);
  return { accountId, ...(await summaryOfAccount(db, account, today)) };
}

/** The payoff quote of an account on `today` (both figures are the payoff of their day). */
export async function payoffQuoteOfAccount(
  db: DbOrTrx,
  account: Account,
  today: IsoDate,
): Promise<PayoffQuote> {
  const [entries, options] = await Promise.all([
    ledgerFiguresOf(db, account.id),
    ledgerOptions(db),
  ]);
  return payoffQuote(termsOf(account), entries, today, options);
}

/** The ledger through `today`, newest first, with billed instalments and running balance. */
export async function accountLedger(
  db: DbOrTrx,
  accountId: number,
  today: IsoDate,
): Promise<LedgerLine[]> {
  const account = await requireAccount(db, accountId);
  return ledgerLines(termsOf(account), await ledgerEntriesOf(db, accountId), today);
}
