import {
  insertItem,
  reopenIfApproved,
  type MailItem,
} from '../../db/repositories/mail-payments.ts';
import { requireBatch } from './load-batch.ts';
import { readSettings } from '../core/settings.ts';
import type { MutationContext } from '../core/record-change.ts';
import { checkItem } from './check-item.ts';
import { toItemInput, type ItemFields } from './schemas.ts';
import { checkSettings, emitBatchChanged, requireOpen } from './shared.ts';

/** Keys the next item of an open batch; the answer carries its check failures. */
export async function keyItem(
  ctx: MutationContext,
  input: ItemFields & { batchId: number },
): Promise<MailItem> {
  const { batchId, ...fields } = input;
  const batch = await requireBatch(ctx.db, batchId);
  requireOpen(batch, ctx.user);
  const config = checkSettings(await readSettings(ctx.db), batch);
  const { failures, values } = await checkItem(ctx.db, batch, toItemInput(fields), config);
  const item = await insertItem(
    ctx.db,
    batch.id,
    values,
    failures.length === 0 ? 'ok' : 'exception',
    ctx.now.toISOString(),
    ctx.user.id,
  );
  await reopenIfApproved(ctx.db, batch.id);
  await ctx.audit({
    action: 'mail-item.key',
    entityType: 'mail_item',
    entityId: item.id,
    after: { ...item, failures: item.failures.map((f) => f.rule) },
  });
  emitBatchChanged(ctx, batch.id);
  return item;
}
