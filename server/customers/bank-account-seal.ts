import {
  plainEasyPayBankAccounts,
  setSealedEasyPayBankAccount,
} from '../../db/repositories/accounts.ts';
import type { Db } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { open, seal, type SealDeps } from '../auth/seal.ts';

/**
 * EasyPay bank account numbers are stored sealed (issue 21, data at rest) with the same key and
 * cipher as the two-step secrets (server/auth/seal.ts). A sealed value carries the prefix below,
 * so sealing is idempotent and a plain value left by an older version is recognisable. Only the
 * last 4 (`easypay_bank_last4`) are ever shown; the full number only through the audited reveal.
 */
export const SEALED_PREFIX = 'sealed:';

const contextOf = (accountId: number) => `easypay-bank-account:${accountId}`;

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

export function sealBankAccount(deps: SealDeps, accountId: number, plain: string): string {
  return SEALED_PREFIX + seal(deps, contextOf(accountId), plain);
}

/** For the seed (RunSeedOptions.sealBankAccount): seals a plain value, keeps a sealed one. */
export function bankAccountSealer(deps: SealDeps) {
  return (accountId: number, stored: string) =>
    isSealed(stored) ? stored : sealBankAccount(deps, accountId, stored);
}

/** The full number from a stored value; a plain value (not sealed yet) is returned as is. */
export function openBankAccount(deps: SealDeps, accountId: number, stored: string): string {
  if (!isSealed(stored)) return stored;
  try {
    return open(deps, contextOf(accountId), stored.slice(SEALED_PREFIX.length));
  } catch {
    throw new DomainError('PRECONDITION', msg('customers.bankAccountSealed'));
  }
}

/**
 * Seals every EasyPay bank account number still stored in plain text (rows from an older
 * version, the demo seed, a training reset) and sets the last 4 from the number itself. Runs at start after the
 * migrations (they cannot see the key) and after seeding; idempotent.
 */
export async function sealPlainBankAccounts(db: Db, deps: SealDeps): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await plainEasyPayBankAccounts(trx, SEALED_PREFIX);
    for (const row of rows) {
      await setSealedEasyPayBankAccount(trx, row.id, {
        sealed: sealBankAccount(deps, row.id, row.plain),
        last4: row.plain.slice(-4),
      });
    }
    return rows.length;
  });
}
