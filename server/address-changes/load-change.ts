import {
  findAddressChange,
  updateAddressChange,
  type AddressChange,
} from '../../db/repositories/address-changes.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** The address change, or a NOT_FOUND domain error. */
export async function requireAddressChange(db: DbOrTrx, id: number): Promise<AddressChange> {
  const change = await findAddressChange(db, id);
  if (!change) throw new DomainError('NOT_FOUND', msg('addressChanges.noSuchChange'));
  return change;
}

/**
 * Moves a change on from one of `fromStatuses`; CONFLICT when it is no longer in one of them
 * (another agent decided it first).
 */
export async function saveAddressChange(
  ...args: Parameters<typeof updateAddressChange>
): Promise<void> {
  if (!(await updateAddressChange(...args)))
    throw new DomainError('CONFLICT', msg('addressChanges.decidedElsewhere'));
}
