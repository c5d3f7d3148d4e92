import { updateInteraction } from '../../db/repositories/calls.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor } from '../domain/call-rules.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { auditViewOfCall, factsOf, requireCallWithActions, recordCallAction } from './shared.ts';

/** Puts an unknown caller's call on the customer record once the agent has found it. */
export async function matchCaller(
  ctx: MutationContext,
  input: { callId: number; customerId: number },
) {
  const customer = await requireCustomer(ctx.db, input.customerId);
  const at = ctx.now.toISOString();
  await recordChange(ctx, {
    action: 'call.match-customer',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      if (call.customerId !== null) throw new DomainError('CONFLICT', msg('calls.alreadyMatched'));
    },
    apply: async (call) => {
      await updateInteraction(ctx.db, call.id, { customer_id: customer.id, matched_at: at }, at);
      await recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: 'customer_matched',
        targetType: 'customer',
        targetId: customer.id,
        summary: msg('calls.action.callerMatched', { name: customer.displayName }),
        at,
        by: ctx.user.id,
      });
    },
    auditView: auditViewOfCall,
  });
  return { callId: input.callId, customerId: customer.id };
}
