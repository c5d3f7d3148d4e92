import { findCustomer } from '../../db/repositories/customers.ts';
import { requireAccount } from '../customers/load-customer.ts';
import {
  insertLetter,
  reopenIfApproved,
  resolveItem,
} from '../../db/repositories/mail-payments.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { returnToSenderLetter } from '../letters/mail-payment-letters.ts';
import { AREA, itemInBatch, requireOpen, settingsAndToday } from './shared.ts';

/**
 * Sends the instrument back uncashed, with a letter (in the account holder's language when
 * the item names an account, else English); it is never credited.
 */
export async function returnToSender(
  ctx: MutationContext,
  input: { itemId: number; reason: string },
): Promise<{ letterId: number }> {
  const { result } = await recordChange(ctx, {
    action: 'mail-item.return-to-sender',
    entityType: 'mail_item',
    area: AREA,
    entityId: input.itemId,
    load: () => itemInBatch(ctx.db, input.itemId),
    guard: ({ item, batch }) => {
      requireOpen(batch, ctx.user);
      if (item.status !== 'exception' && item.status !== 'override') {
        throw new DomainError('CONFLICT', msg('mailPayments.returnOnlyExceptions'));
      }
    },
    apply: async ({ item, batch }) => {
      const { settings, today } = await settingsAndToday(ctx);
      const at = ctx.now.toISOString();
      await resolveItem(ctx.db, item.id, 'returned', input.reason, at, ctx.user.id);
      const customerId =
        item.accountId === null
          ? null
          : (await requireAccount(ctx.db, item.accountId)).holderCustomerId;
      const customer = customerId === null ? null : await findCustomer(ctx.db, customerId);
      const language = customer?.language ?? 'en';
      const addressedTo = item.remitter || 'Remitter (address from the envelope)';
      const letter = await returnToSenderLetter(settings, {
        language,
        today,
        item: { ...item, receiptDate: batch.receiptDate },
        remitter: item.remitter,
        recipient: [addressedTo],
        reason: input.reason,
      });
      const letterId = await insertLetter(
        ctx.db,
        {
          itemId: item.id,
          kind: 'return-to-sender',
          customerId,
          addressedTo,
          body: letter.text,
          language,
          pdf: letter.pdf,
        },
        at,
        ctx.user.id,
      );
      await reopenIfApproved(ctx.db, batch.id);
      return { letterId };
    },
    auditView: ({ item }) => ({ status: item.status }),
    reason: input.reason,
  });
  return result;
}
