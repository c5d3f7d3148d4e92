import { callsPointingAt } from '../../db/repositories/calls.ts';
import { userDisplayName } from '../../db/repositories/users.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { recordChange, type MutationContext } from '../core/record-change.ts';
import { assertCallOpenFor } from '../domain/call-rules.ts';
import { DomainError, msg, type ServerMessage } from '../domain/errors.ts';
import { auditViewOfCall, factsOf, requireCallWithActions, recordCallAction } from './shared.ts';

/**
 * Links a record started from a call (a dispute, a secure message) back to the call: an action
 * on the call pointing at it, so the call shows it and the record can show its call. The call
 * must be this agent's, not wrapped up, and about one of `customerIds` (the record's customer).
 * Runs inside the caller's transaction: a refusal undoes the record too.
 */
export async function linkToCall(
  ctx: MutationContext,
  input: {
    callId: number;
    customerIds: ReadonlyArray<number | null>;
    kind: 'dispute_started' | 'secure_message';
    targetType: 'dispute' | 'message-thread';
    targetId: number;
    summary: ServerMessage;
  },
): Promise<void> {
  await recordChange(ctx, {
    action: `call.${input.kind.replace('_', '-')}`,
    entityType: 'interaction',
    area: 'calls',
    entityId: input.callId,
    load: () => requireCallWithActions(ctx.db, input.callId),
    guard: (call) => {
      assertCallOpenFor(factsOf(call), ctx.user.id);
      if (call.customerId === null || !input.customerIds.includes(call.customerId)) {
        throw new DomainError('VALIDATION', msg('calls.anotherCustomersCall'), {
          fields: { fromCallId: msg('calls.fieldAnotherCustomersCall') },
        });
      }
    },
    apply: (call) =>
      recordCallAction(ctx.db, {
        interactionId: call.id,
        kind: input.kind,
        targetType: input.targetType,
        targetId: input.targetId,
        summary: input.summary,
        at: ctx.now.toISOString(),
        by: ctx.user.id,
      }),
    auditView: (call) => ({
      ...auditViewOfCall(call),
      linked: { type: input.targetType, id: input.targetId },
    }),
  });
}

/** The calls that started or sent a record, with their agent (the case / thread side of the link). */
export async function callsOf(
  db: DbOrTrx,
  targetType: 'dispute' | 'message-thread',
  targetId: number,
) {
  const links = await callsPointingAt(db, targetType, targetId);
  return Promise.all(
    links.map(async (l) => ({ ...l, agentName: await userDisplayName(db, l.agentId) })),
  );
}
