import {
  reopenIfApproved,
  updateItem,
  type MailItem,
} from '../../db/repositories/mail-payments.ts';
import { readSettings } from '../core/settings.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { checkItem } from './check-item.ts';
import { toItemInput, type ItemFields } from './schemas.ts';
import { AREA, checkSettings, itemInBatch, requireOpen } from './shared.ts';

/**
 * Re-keys an item (e.g. the right account found by research) and re-runs the checks: clean →
 * ok (resolution 'corrected' when it was an exception), else back to the exceptions queue. An
 * earlier override is void, and so is the batch's approval.
 */
export async function correctItem(
  ctx: MutationContext,
  input: ItemFields & { itemId: number; note: string },
): Promise<MailItem> {
  const { itemId, note, ...fields } = input;
  const { result } = await recordChange(ctx, {
    action: 'mail-item.correct',
    entityType: 'mail_item',
    area: AREA,
    entityId: itemId,
    load: () => itemInBatch(ctx.db, itemId),
    guard: ({ item, batch }) => {
      requireOpen(batch, ctx.user);
      if (item.status === 'returned')
        throw new DomainError('CONFLICT', msg('mailPayments.itemReturned'));
    },
    apply: async ({ item, batch }) => {
      const config = checkSettings(await readSettings(ctx.db), batch);
      const { failures, values } = await checkItem(
        ctx.db,
        batch,
        toItemInput(fields),
        config,
        item.id,
      );
      const clean = failures.length === 0;
      const resolved = clean && (item.status === 'exception' || item.status === 'override');
      const after = await updateItem(ctx.db, item.id, values, {
        status: clean ? 'ok' : 'exception',
        resolution: resolved ? 'corrected' : null,
        note: resolved ? note || null : null,
        at: resolved ? ctx.now.toISOString() : null,
        userId: resolved ? ctx.user.id : null,
      });
      await reopenIfApproved(ctx.db, batch.id);
      return after;
    },
    // Every keyed field, so the audit shows what a correction changed (a re-keyed routing or
    // check number included), not only the account and amount.
    auditView: ({ item }) => ({
      accountNumber: item.accountNumber,
      amountCents: item.amountCents,
      payee: item.payee,
      routingNumber: item.routingNumber,
      instrumentNumber: item.instrumentNumber,
      instrumentType: item.instrumentType,
      remitter: item.remitter,
      paidInFull: item.paidInFull,
      status: item.status,
    }),
    reason: note || null,
  });
  return result;
}
