import {
  reopenIfApproved,
  resolveItem,
  type MailItem,
} from '../../db/repositories/mail-payments.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { authorizeMoney } from '../controls/authorize-money.ts';
import { AREA, itemInBatch, requireOpen } from './shared.ts';
import { asMessage } from '../domain/shared/server-messages.ts';

/** Post anyway: the item counts as resolved, but the batch needs a supervisor's approval. */
export async function overrideItem(
  ctx: MutationContext,
  input: { itemId: number; reason: string },
): Promise<MailItem> {
  const { result } = await recordChange(ctx, {
    action: 'mail-item.override',
    entityType: 'mail_item',
    area: AREA,
    entityId: input.itemId,
    load: () => itemInBatch(ctx.db, input.itemId),
    guard: async ({ item, batch }) => {
      requireOpen(batch, ctx.user);
      if (item.status !== 'exception')
        throw new DomainError('CONFLICT', msg('mailPayments.overrideOnlyExceptions'));
      const hard = item.failures.filter((f) => !f.overridable);
      if (hard.length > 0) {
        throw new DomainError(
          'PRECONDITION',
          msg('mailPayments.noOverride', {
            reasons: hard.map((f) => asMessage(f.message)),
            fix: asMessage(hard[0]?.fix ?? ''),
          }),
        );
      }
      // The maker's override authority (issue 21), before anything is written.
      await authorizeMoney(ctx, {
        action: 'mail-override',
        caseKey: `mail-batch:${batch.id}`,
        amountCents: item.amountCents,
      });
    },
    apply: async ({ item, batch }) => {
      const after = await resolveItem(
        ctx.db,
        item.id,
        'override',
        input.reason,
        ctx.now.toISOString(),
        ctx.user.id,
      );
      await reopenIfApproved(ctx.db, batch.id);
      return after;
    },
    auditView: ({ item }) => ({ status: item.status, failures: item.failures.map((f) => f.rule) }),
    reason: input.reason,
  });
  return result;
}
