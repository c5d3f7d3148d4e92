import { updateInteraction } from '../../db/repositories/calls.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor } from '../domain/call-rules.ts';
import { DomainError, msg } from '../domain/errors.ts';
import { auditViewOfCall, factsOf, requireCallWithActions } from './shared.ts';

/** The caller hangs up: talk time ends and wrap-up time starts. */
export async function endCall(ctx: MutationContext, input: { callId: number }) {
  const at = ctx.now.toISOString();
  await recordChange(ctx, {
    action: 'call.end',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      if (call.status !== 'active') throw new DomainError('CONFLICT', msg('calls.alreadyEnded'));
    },
    apply: (call) => updateInteraction(ctx.db, call.id, { status: 'wrap_up', ended_at: at }, at),
    auditView: auditViewOfCall,
  });
  return { callId: input.callId, endedAt: at };
}
