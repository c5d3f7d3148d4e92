import {
  deleteItem,
  findItem,
  reopenIfApproved,
  type MailBatch,
} from '../../db/repositories/mail-payments.ts';
import { requireBatch } from './load-batch.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { AREA, requireOpen } from './shared.ts';

/** Deletes an unposted item (a keying mistake); later items keep their sequence numbers. */
export async function removeItem(
  ctx: MutationContext,
  input: { itemId: number },
): Promise<{ ok: true }> {
  let batch: MailBatch | null = null;
  await recordChange(ctx, {
    action: 'mail-item.delete',
    entityType: 'mail_item',
    area: AREA,
    entityId: input.itemId,
    // After the delete the item is gone: the audit's `after` is null.
    load: () => findItem(ctx.db, input.itemId),
    guard: async (item) => {
      if (!item) throw new DomainError('NOT_FOUND', msg('mailPayments.noSuchItem'));
      batch = await requireBatch(ctx.db, item.batchId);
      requireOpen(batch, ctx.user);
      if (item.status === 'returned')
        throw new DomainError('CONFLICT', msg('mailPayments.returnedStays'));
    },
    apply: async (item) => {
      if (!item || !batch) return;
      await deleteItem(ctx.db, item);
      await reopenIfApproved(ctx.db, batch.id);
    },
  });
  return { ok: true };
}
