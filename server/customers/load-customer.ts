import { findAccount, type Account } from '../../db/repositories/accounts.ts';
import { findCustomer, type Customer } from '../../db/repositories/customers.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** The customer, or a NOT_FOUND domain error. */
export async function requireCustomer(db: DbOrTrx, id: number): Promise<Customer> {
  const customer = await findCustomer(db, id);
  if (!customer) throw new DomainError('NOT_FOUND', msg('common.noSuchCustomer'));
  return customer;
}

/** The account, or a NOT_FOUND domain error. */
export async function requireAccount(db: DbOrTrx, id: number): Promise<Account> {
  const account = await findAccount(db, id);
  if (!account) throw new DomainError('NOT_FOUND', msg('common.noSuchAccount'));
  return account;
}
