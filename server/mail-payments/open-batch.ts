import { insertBatch, type MailBatch } from '../../db/repositories/mail-payments.ts';
import type { MutationContext } from '../core/record-change.ts';
import { addCalendarDays, daysBetween, type IsoDate } from '../domain/dates.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { AMOUNT_HELP, parseAmount } from './schemas.ts';
import { emitBatchChanged, lockboxById, settingsAndToday } from './shared.ts';

/** Opens a batch from the bank's deposit ticket: lockbox, receipt date, control count and total. */
export async function openBatch(
  ctx: MutationContext,
  input: { lockboxId: string; receiptDate: IsoDate; controlCount: number; controlTotal: string },
): Promise<MailBatch> {
  const { settings, today } = await settingsAndToday(ctx);
  lockboxById(settings, input.lockboxId);
  if (input.receiptDate > today) {
    throw new DomainError('VALIDATION', msg('mailPayments.receiptInFuture'), {
      fields: { receiptDate: msg('fields.onOrBefore', { on: today }) },
    });
  }
  if (daysBetween(input.receiptDate, today) > 60) {
    throw new DomainError('VALIDATION', msg('mailPayments.receiptTooOld', { days: 60 }), {
      fields: { receiptDate: msg('fields.onOrAfter', { on: addCalendarDays(today, -60) }) },
    });
  }
  const controlTotalCents = parseAmount(input.controlTotal, 'controlTotal');
  if (controlTotalCents <= 0)
    throw new DomainError('VALIDATION', msg('mailPayments.depositTotalPositive'), {
      fields: { controlTotal: AMOUNT_HELP },
    });
  const batch = await insertBatch(
    ctx.db,
    { ...input, controlTotalCents },
    ctx.now.toISOString(),
    ctx.user.id,
  );
  await ctx.audit({
    action: 'mail-batch.open',
    entityType: 'mail_batch',
    entityId: batch.id,
    after: batch,
  });
  emitBatchChanged(ctx, batch.id);
  return batch;
}
