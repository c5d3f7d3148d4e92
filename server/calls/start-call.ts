import { insertInteraction, openInteractionOf } from '../../db/repositories/calls.ts';
import { requireCustomer } from '../customers/load-customer.ts';
import type { MutationContext } from '../core/record-change.ts';
import { recordChange } from '../core/record-change.ts';
import { assertNoOpenCall } from '../domain/call-rules.ts';

export interface StartCallInput {
  direction: 'in' | 'out';
  /** Null for a caller not found yet (matched later). */
  customerId: number | null;
  /** 10 digits as the caller ID showed them. */
  callerPhone: string | null;
  callerName: string | null;
}

/**
 * Opens a call for the agent. Refused while the agent's previous call is not wrapped up (the
 * database's unique index on the open call holds the same rule against a double click).
 */
export async function startCall(ctx: MutationContext, input: StartCallInput) {
  if (input.customerId !== null) await requireCustomer(ctx.db, input.customerId);
  const { after } = await recordChange(ctx, {
    action: 'call.start',
    entityType: 'agent-call',
    area: 'calls',
    entityId: ctx.user.id,
    load: () => openInteractionOf(ctx.db, ctx.user.id),
    guard: (open) => assertNoOpenCall(open),
    apply: () =>
      insertInteraction(ctx.db, {
        channel: input.direction === 'in' ? 'phone_in' : 'phone_out',
        customerId: input.customerId,
        callerPhone: input.callerPhone,
        callerName: input.callerName,
        agentId: ctx.user.id,
        startedAt: ctx.now.toISOString(),
      }),
    auditView: (call) =>
      call && { callId: call.id, customerId: call.customerId, channel: call.channel },
  });
  return { callId: after!.id };
}
