import { setInteractionReasons, updateInteraction } from '../../db/repositories/calls.ts';
import { listCallReasons } from '../../db/repositories/call-reasons.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import {
  assertCallOpenFor,
  callTimes,
  checkWrapUp,
  type CallOutcome,
} from '../domain/call-rules.ts';
import { auditViewOfCall, centreDay, factsOf, requireCallWithActions } from './shared.ts';

export interface WrapUpCallInput {
  callId: number;
  reasons: string[];
  outcome: CallOutcome;
  followUpOn: string | null;
  notes: string | null;
}

/**
 * Closes the call with its reason codes, notes, outcome and follow-up; ends it first if the
 * agent wraps up without pressing "End call". Stores talk + wrap-up as the handle time and the
 * wrap-up time, and frees the agent for the next call.
 */
export async function wrapUpCall(ctx: MutationContext, input: WrapUpCallInput) {
  const at = ctx.now.toISOString();
  const { today } = await centreDay(ctx.db, ctx.now);
  const active = new Set(
    (await listCallReasons(ctx.db)).filter((r) => r.active).map((r) => r.code),
  );
  const reasons = [...new Set(input.reasons)];
  const { after } = await recordChange(ctx, {
    action: 'call.wrap-up',
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      checkWrapUp({ ...input, reasons }, active, today);
    },
    apply: async (call) => {
      const endedAt = call.endedAt ?? at;
      const times = callTimes(call.startedAt, endedAt, at);
      await updateInteraction(
        ctx.db,
        call.id,
        {
          status: 'closed',
          open_agent_id: null,
          ended_at: endedAt,
          wrapped_up_at: at,
          handle_seconds: times.handleSeconds,
          wrap_seconds: times.wrapSeconds,
          notes: input.notes,
          outcome: input.outcome,
          follow_up_on: input.followUpOn,
        },
        at,
      );
      await setInteractionReasons(ctx.db, call.id, reasons);
    },
    auditView: auditViewOfCall,
  });
  return {
    callId: after.id,
    handleSeconds: after.handleSeconds ?? 0,
    wrapSeconds: after.wrapSeconds ?? 0,
  };
}
