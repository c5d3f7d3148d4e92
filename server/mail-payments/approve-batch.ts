import { approveBatchRow } from '../../db/repositories/mail-payments-postings.ts';
import { batchItems } from '../../db/repositories/mail-payments.ts';
import { requireBatch } from './load-batch.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { approvalBlocker } from '../domain/mail-posting.ts';
import { AREA, forPosting } from './shared.ts';

/** A supervisor approves a batch with overrides (maker ≠ checker). */
export async function approveBatch(
  ctx: MutationContext,
  input: { batchId: number; note: string },
): Promise<{ ok: true }> {
  await recordChange(ctx, {
    action: 'mail-batch.approve',
    entityType: 'mail_batch',
    area: AREA,
    entityId: input.batchId,
    load: async () => {
      const batch = await requireBatch(ctx.db, input.batchId);
      return { batch, items: await batchItems(ctx.db, batch.id) };
    },
    guard: ({ batch, items }) => {
      const blocker = approvalBlocker(ctx.user.id, forPosting(batch, items));
      if (blocker) throw new DomainError('PRECONDITION', blocker);
    },
    apply: async ({ batch }) => {
      const approved = await approveBatchRow(ctx.db, batch.id, {
        at: ctx.now.toISOString(),
        userId: ctx.user.id,
        note: input.note || null,
      });
      if (!approved) throw new DomainError('CONFLICT', msg('mailPayments.alreadyApproved'));
    },
    auditView: ({ batch, items }) => ({
      status: batch.status,
      overrides: items
        .filter((i) => i.status === 'override')
        .map((i) => ({ seq: i.seq, note: i.resolutionNote })),
    }),
    reason: input.note || null,
  });
  return { ok: true };
}
