import type { DbOrTrx } from '../../db/database.ts';
import { findAccountByNumber, type Account } from '../../db/repositories/accounts.ts';
import {
  duplicatesInBatch,
  recentDuplicates,
  type ItemInput,
  type ItemValues,
  type MailBatch,
} from '../../db/repositories/mail-payments.ts';
import { addCalendarDays } from '../domain/dates.ts';
import { checkMailItem, type MailItemFailure } from '../domain/mail-item-checks.ts';
import { normalizeAccountNumber } from '../domain/validators/account-number.ts';
import type { CheckSettings } from './shared.ts';

/**
 * The one place the gathered facts meet the pure checks (keying, correcting and importing all
 * come through here, so an imported item is checked exactly like a keyed one).
 */
export function runItemChecks(
  input: ItemInput,
  config: CheckSettings,
  account: Pick<Account, 'type' | 'status'> | null,
  duplicates: readonly number[],
  recent: ReadonlyArray<{ batchId: number; receiptDate: string }>,
): MailItemFailure[] {
  const instrumentNumber = input.instrumentNumber.trim();
  return checkMailItem({
    ...input,
    accountNumber: normalizeAccountNumber(input.accountNumber),
    lockbox: config.lockbox,
    payees: config.payees,
    account: account ? { type: account.type, status: account.status } : null,
    duplicatesInBatch: instrumentNumber ? duplicates : [],
    recentDuplicates: instrumentNumber ? recent : [],
    sanityLimitCents: config.mailPayments.sanityLimitCents,
    duplicateWindowDays: config.mailPayments.duplicateWindowDays,
  });
}

/** The row fields of a keyed item, normalised, with its check failures. */
export function itemValues(
  input: ItemInput,
  account: Pick<Account, 'id'> | null,
  failures: readonly MailItemFailure[],
): ItemValues {
  return {
    account_number: normalizeAccountNumber(input.accountNumber),
    account_id: account?.id ?? null,
    amount_cents: input.amountCents,
    instrument_number: input.instrumentNumber.trim(),
    instrument_type: input.instrumentType,
    payee: input.payee.trim(),
    routing_number: input.routingNumber.replace(/[\s-]/g, ''),
    remitter: input.remitter.trim(),
    notes: input.notes.trim(),
    paid_in_full: input.paidInFull ? 1 : 0,
    failures: JSON.stringify(failures),
  };
}

/**
 * Gathers the facts for the item checks (the account, duplicates in the batch and recently)
 * and runs them. `selfId` is the item being re-checked, never its own duplicate.
 */
export async function checkItem(
  db: DbOrTrx,
  batch: Pick<MailBatch, 'id' | 'receiptDate'>,
  input: ItemInput,
  config: CheckSettings,
  selfId: number | null = null,
): Promise<{ account: Account | null; failures: MailItemFailure[]; values: ItemValues }> {
  const accountNumber = normalizeAccountNumber(input.accountNumber);
  const account = /^\d{10}$/.test(accountNumber)
    ? await findAccountByNumber(db, accountNumber)
    : null;
  const key = {
    accountNumber,
    instrumentNumber: input.instrumentNumber.trim(),
    amountCents: input.amountCents,
  };
  const window = config.mailPayments.duplicateWindowDays;
  const [duplicates, recent] = await Promise.all([
    duplicatesInBatch(db, batch.id, key, selfId),
    key.instrumentNumber
      ? recentDuplicates(
          db,
          batch.id,
          key,
          addCalendarDays(batch.receiptDate, -window),
          addCalendarDays(batch.receiptDate, window),
        )
      : Promise.resolve([]),
  ]);
  const failures = runItemChecks(input, config, account, duplicates, recent);
  return { account, failures, values: itemValues(input, account, failures) };
}
