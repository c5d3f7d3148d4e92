import {
  findBatch,
  findItem,
  type MailBatch,
  type MailItem,
} from '../../db/repositories/mail-payments.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** The batch, or a NOT_FOUND domain error. */
export async function requireBatch(db: DbOrTrx, id: number): Promise<MailBatch> {
  const batch = await findBatch(db, id);
  if (!batch) throw new DomainError('NOT_FOUND', msg('mailPayments.noSuchBatch'));
  return batch;
}

/** The mail item, or a NOT_FOUND domain error. */
export async function requireItem(db: DbOrTrx, id: number): Promise<MailItem> {
  const item = await findItem(db, id);
  if (!item) throw new DomainError('NOT_FOUND', msg('mailPayments.noSuchItem'));
  return item;
}
