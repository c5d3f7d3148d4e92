import type { DbOrTrx } from '../../db/database.ts';
import { requireAccount } from '../customers/load-customer.ts';
import { ledgerEntriesOf, termsOf } from '../../db/repositories/ledger.ts';
import { readSetting } from '../core/settings.ts';
import type { IsoDate } from '../domain/dates.ts';
import {
  ledgerLines,
  summarizeAccount,
  type AccountSummary,
  type LedgerLine,
} from '../domain/ledger.ts';

/** An account's position and ledger as of a day: its rows read, the pure ledger rules applied. */

async function feesFirst(db: DbOrTrx): Promise<boolean> {
  const order = await readSetting(db, 'paymentApplicationOrder');
  return order.indexOf('fees') < order.indexOf('pastDue');
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
  const [entries, first] = await Promise.all([ledgerEntriesOf(db, accountId), feesFirst(db)]);
  return { accountId, ...summarizeAccount(termsOf(account), entries, today, { feesFirst: first }) };
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
