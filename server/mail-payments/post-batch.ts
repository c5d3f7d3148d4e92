import { postLedgerEntries, termsAndLedgers } from '../../db/repositories/ledger.ts';
import {
  claimBatchForPosting,
  insertPostings,
  postableItems,
} from '../../db/repositories/mail-payments-postings.ts';
import { batchItems, type MailBatch } from '../../db/repositories/mail-payments.ts';
import { requireBatch } from './load-batch.ts';
import { readSettings } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { planBatchPosting, postingBlockers, postingTotals } from '../domain/mail-posting.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';
import { emitBatchChanged, forPosting, requireOpen } from './shared.ts';

export type PostBatchResult =
  | { alreadyPosted: true; postedCount: 0; postedCents: 0 }
  | { alreadyPosted: false; postedCount: number; postedCents: number };

async function alreadyPosted(ctx: MutationContext, batch: MailBatch): Promise<PostBatchResult> {
  await ctx.audit({
    action: 'mail-batch.post-repeat',
    entityType: 'mail_batch',
    entityId: batch.id,
    after: { alreadyPosted: true },
  });
  return { alreadyPosted: true, postedCount: 0, postedCents: 0 };
}

/**
 * Posts a batch: every item at once, as of the receipt date, or nothing. Idempotent: a retry
 * or a second session finds the batch posted (or loses the claim) and changes nothing.
 *
 * The plan (each payment's ledger line and allocation) is the pure rule planBatchPosting over
 * set-based reads; the lines go through the ledger's one writer, postLedgerEntries, which
 * checks every line before writing any. A taken mail reference (the unique index) or any
 * other failure throws, and the mutation's transaction rolls back whole.
 */
export async function postBatch(
  ctx: MutationContext,
  input: { batchId: number },
): Promise<PostBatchResult> {
  const batch = await requireBatch(ctx.db, input.batchId);
  if (batch.status === 'posted') return alreadyPosted(ctx, batch);
  requireOpen(batch, ctx.user);
  const keyed = await batchItems(ctx.db, batch.id);
  const blockers = postingBlockers(forPosting(batch, keyed));
  if (blockers.length > 0)
    throw new DomainError('PRECONDITION', msg('mailPayments.blocked', { blockers }), {
      detail: { blockers },
    });
  // The poster's money authority (issue 21), before anything is written.
  const totals = postingTotals(keyed);
  await authorizeMoney(ctx, {
    action: 'mail-posting',
    caseKey: `mail-batch:${batch.id}`,
    amountCents: totals.totalCents,
    largestItemCents: totals.largestItemCents,
  });
  const order = (await readSettings(ctx.db)).paymentApplicationOrder;
  const at = ctx.now.toISOString();
  if (!(await claimBatchForPosting(ctx.db, batch.id, at, ctx.user.id)))
    return alreadyPosted(ctx, batch);

  const items = await postableItems(ctx.db, batch.id);
  const { terms, ledgers } = await termsAndLedgers(
    ctx.db,
    items.flatMap((i) => (i.accountId === null ? [] : [i.accountId])),
  );
  const plan = planBatchPosting(batch, items, terms, ledgers, order);
  const entries = await postLedgerEntries(
    ctx.db,
    plan.map((p) => ({ ...p.line, createdBy: ctx.user.id })),
    at,
  );
  const idOf = new Map(entries.map((e) => [e.reference, e.id]));
  const postings = plan.map((p) => {
    const ledgerEntryId = idOf.get(p.line.reference);
    if (ledgerEntryId === undefined)
      throw new Error(`Ledger entry for item ${p.seq} was not written`);
    return {
      itemId: p.itemId,
      ledgerEntryId,
      accountId: p.accountId,
      postedOn: batch.receiptDate,
      amountCents: p.amountCents,
      allocation: p.allocation,
    };
  });
  await insertPostings(ctx.db, batch.id, postings, at);

  const postedCents = postings.reduce((s, p) => s + p.amountCents, 0);
  await ctx.audit({
    action: 'mail-batch.post',
    entityType: 'mail_batch',
    entityId: batch.id,
    after: {
      receiptDate: batch.receiptDate,
      postedCount: postings.length,
      postedCents,
      ledgerEntryIds: postings.map((p) => p.ledgerEntryId),
    },
  });
  emitBatchChanged(ctx, batch.id);
  ctx.afterCommit(() => ctx.deps.events.emit('changed', { area: 'customers' }));
  return { alreadyPosted: false, postedCount: postings.length, postedCents };
}
