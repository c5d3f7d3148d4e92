import { saveDispute } from './load-case.ts';

import { DomainError, msg } from '../domain/errors.ts';
import {
  addEvent,
  changeCase,
  notBeforeNotice,
  notClosed,
  notFuture,
  todayOf,
  type StepContext,
} from './change-case.ts';
import type { customerReasonSchema, In, withdrawSchema } from './schemas.ts';

/**
 * The customer withdraws the dispute before a determination. The determination and investigation
 * clocks stop; a provisional credit is then reversed with its notice (or kept by a supervisor),
 * after which the case closes.
 */
export async function withdrawCase(ctx: StepContext, input: In<typeof withdrawSchema>) {
  const { today } = await todayOf(ctx);
  const on = input.withdrawnOn ?? today;
  const { after } = await changeCase(ctx, {
    action: 'dispute.withdraw',
    id: input.id,
    version: input.version,
    reason: input.note,
    guard: (c) => {
      notClosed(c);
      notFuture(on, today, 'withdrawnOn');
      notBeforeNotice(on, c, 'withdrawnOn');
      if (c.withdrawnOn)
        throw new DomainError('CONFLICT', msg('disputes.withdrawalAlreadyRecorded'));
      if (c.determination)
        throw new DomainError('PRECONDITION', msg('disputes.withdrawAfterDecision'));
    },
    apply: async (c) => {
      await saveDispute(
        ctx.db,
        c.id,
        { withdrawn_on: on, withdrawal_note: input.note },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(
        ctx,
        c.id,
        'withdrawn',
        msg('disputes.event.withdrawn', { on, note: input.note }),
      );
    },
  });
  return after;
}

/**
 * Records the reason in the customer's words, as reviewed by the agent: the only reason a letter
 * prints (the intake reason is the agent's internal note).
 */
export async function setCustomerReason(ctx: StepContext, input: In<typeof customerReasonSchema>) {
  const { after } = await changeCase(ctx, {
    action: 'dispute.customer-reason',
    id: input.id,
    version: input.version,
    guard: notClosed,
    apply: async (c) => {
      await saveDispute(
        ctx.db,
        c.id,
        { customer_reason: input.customerReason },
        ctx.now.toISOString(),
        input.version,
      );
      await addEvent(ctx, c.id, 'customer_reason', msg('disputes.event.customerReason'));
    },
  });
  return after;
}
