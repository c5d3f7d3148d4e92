import { maskPostalCodesIn } from '../domain/masking.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { postingOf } from '../../db/repositories/mail-payments-postings.ts';
import { batchItems, lettersOf, letterPdf } from '../../db/repositories/mail-payments.ts';
import { requireBatch, requireItem } from './load-batch.ts';
import { readSettings } from '../core/settings.ts';
import { displayNames } from '../../db/repositories/users.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { postingBlockers, postingTotals } from '../domain/mail-posting.ts';
import { forPosting, lockboxById } from './shared.ts';

/** A batch as its screen shows it: items, balance, what blocks posting, who did what. */
export async function viewBatch(db: DbOrTrx, batchId: number) {
  const batch = await requireBatch(db, batchId);
  const [items, settings, names] = await Promise.all([
    batchItems(db, batchId),
    readSettings(db),
    displayNames(db, [batch.openedBy, batch.approvedBy, batch.postedBy]),
  ]);
  const postable = forPosting(batch, items);
  const nameOf = (uid: number | null) => (uid === null ? null : (names.get(uid) ?? null));
  return {
    batch: {
      ...batch,
      openedByName: nameOf(batch.openedBy),
      approvedByName: nameOf(batch.approvedBy),
      postedByName: nameOf(batch.postedBy),
    },
    lockbox: lockboxById(settings, batch.lockboxId),
    items,
    balance: postable.balance,
    blockers: postingBlockers(postable),
    /** What posting credits (the confirmation's figures; the authority checks the same). */
    posting: postingTotals(items),
  };
}

/** The printable proof: the batch, its items with their postings and allocations. */
export async function batchProof(db: DbOrTrx, batchId: number) {
  const view = await viewBatch(db, batchId);
  const postings = await Promise.all(view.items.map((i) => postingOf(db, i.id)));
  return { ...view, postings: postings.filter((p) => p !== null) };
}

/** An item with its posting, letters and batch (exceptions detail, NSF screen). */
export async function viewItem(db: DbOrTrx, itemId: number) {
  const item = await requireItem(db, itemId);
  const [batch, posting, letters] = await Promise.all([
    requireBatch(db, item.batchId),
    postingOf(db, item.id),
    lettersOf(db, item.id),
  ]);
  // The customer's postal code is a verification answer (issue 21): masked on screen.
  const shown = letters.map((l) => ({ ...l, addressed_to: maskPostalCodesIn(l.addressed_to) }));
  return { item, batch, posting, letters: shown };
}

/** A mail-payment letter's PDF (base64) for viewing or printing. */
export async function mailLetterPdf(db: DbOrTrx, letterId: number) {
  const letter = await letterPdf(db, letterId);
  if (!letter) throw new DomainError('NOT_FOUND', msg('common.noSuchLetter'));
  if (!letter.pdf) throw new DomainError('NOT_FOUND', msg('mailPayments.letterNotPdf'));
  return {
    filename: `mail-item-${letter.item_id}-${letter.kind}-${letter.language}.pdf`,
    base64: Buffer.from(letter.pdf).toString('base64'),
  };
}
