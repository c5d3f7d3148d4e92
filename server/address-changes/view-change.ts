import { maskAddress, maskPostalCodesIn } from '../domain/masking.ts';
import type { DbOrTrx } from '../../db/database.ts';
import {
  addressRowById,
  addressRowsByIds,
  approvalQueue,
  customerNames,
} from '../../db/repositories/address-changes.ts';
import { requireAddressChange } from './load-change.ts';
import { letterPdf, lettersOfChange } from '../../db/repositories/address-change-letters.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { displayNames } from '../../db/repositories/users.ts';
import type { Context } from '../trpc/base.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { printableAddressRow, publicCustomer } from './shared.ts';

/** One change with its accounts, old and new address, letters and decision. */
export async function viewChange(ctx: Pick<Context, 'db' | 'now' | 'today'>, id: number) {
  const change = await requireAddressChange(ctx.db, id);
  const [customer, old, names, letters] = await Promise.all([
    requireCustomer(ctx.db, change.customerId),
    addressRowById(ctx.db, change.oldAddressId),
    displayNames(ctx.db, [change.createdBy, change.decidedBy]),
    lettersOfChange(ctx.db, change.id),
  ]);
  const name = (uid: number | null) => (uid === null ? null : (names.get(uid) ?? null));
  return {
    ...change,
    // Once applied, the new address's postal code is a verification answer too (issue 21).
    address: maskAddress(change.address),
    customer: publicCustomer(customer),
    oldAddress: maskedRow(printableAddressRow(old)),
    letters: letters.map((l) => ({ ...l, mailingAddress: maskPostalCodesIn(l.mailingAddress) })),
    createdByName: name(change.createdBy),
    decidedByName: name(change.decidedBy),
    today: ctx.today,
  };
}

function maskedRow<A extends { postalCode: string }>(row: A | null): A | null {
  return row && maskAddress(row);
}

/** The supervisor's queue: changes waiting for approval or sent back for review, with WHY. */
export async function approvalQueueView(db: DbOrTrx, userId: number) {
  const changes = await approvalQueue(db);
  const [customers, users, olds] = await Promise.all([
    customerNames(
      db,
      changes.map((c) => c.customerId),
    ),
    displayNames(
      db,
      changes.map((c) => c.createdBy),
    ),
    addressRowsByIds(
      db,
      changes.flatMap((c) => (c.oldAddressId ? [c.oldAddressId] : [])),
    ),
  ]);
  return changes.map((c) => ({
    ...c,
    customerName: customers.find((x) => x.id === c.customerId)?.displayName ?? `#${c.customerId}`,
    makerName: c.createdBy === null ? null : (users.get(c.createdBy) ?? null),
    mine: c.createdBy === userId,
    oldAddress: printableAddressRow(olds.find((o) => o.id === c.oldAddressId)),
  }));
}

/** A letter's PDF (base64) for viewing or printing. */
export async function changeLetterPdf(db: DbOrTrx, letterId: number) {
  const letter = await letterPdf(db, letterId);
  if (!letter) throw new DomainError('NOT_FOUND', msg('common.noSuchLetter'));
  if (!letter.pdf) throw new DomainError('NOT_FOUND', msg('addressChanges.letterNotStored'));
  return {
    filename: `address-change-${letter.changeId}-${letter.recipient}-${letter.language}.pdf`,
    base64: Buffer.from(letter.pdf).toString('base64'),
  };
}
