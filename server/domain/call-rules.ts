import { DomainError } from './errors.ts';
import type { IsoDate } from './dates.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * Rules of a call (SPEC 8a): one open call per agent, wrap-up before the next call, a caller
 * verified once per call gating the sensitive actions, and the handle / wrap-up times. Pure.
 */

export type CallStatus = 'active' | 'wrap_up' | 'closed';
export type CallOutcome = 'resolved' | 'follow_up' | 'transferred' | 'callback' | 'no_action';

export interface CallFacts {
  id: number;
  status: CallStatus;
  agentId: number;
  customerId: number | null;
  verificationResult: 'not_attempted' | 'passed' | 'failed' | 'locked';
  verifiedCustomerId: number | null;
}

/** Actions that need a verified caller (SPEC 8a, issue 17). */
export type GatedAction =
  | 'easypay-change'
  | 'balance-disclosure'
  | 'address-change'
  | 'portal-unlock'
  | 'portal-link-code'
  | 'portal-email'
  | 'payoff-letter';

/** Refuses a new call while the agent still has one that is not wrapped up. */
export function assertNoOpenCall(open: { id: number; status: CallStatus } | null): void {
  if (open) {
    throw new DomainError(
      'PRECONDITION',
      open.status === 'active'
        ? msg('calls.stillInProgress', { id: open.id })
        : msg('calls.wrapUpFirst', { id: open.id }),
      { detail: { openCallId: open.id } },
    );
  }
}

/** The call belongs to this agent and is not closed (actions happen during the call or its wrap-up). */
export function assertCallOpenFor(call: CallFacts, agentId: number): void {
  if (call.agentId !== agentId) throw new DomainError('FORBIDDEN', msg('calls.anotherAgents'));
  if (call.status === 'closed') throw new DomainError('CONFLICT', msg('calls.alreadyWrapped'));
}

/**
 * A gated action on behalf of `customerIds` (the customer and, for an account, its holders) needs
 * a passed verification on this call of one of them.
 *
 * @example assertVerifiedFor({ ...call, verificationResult: 'failed' }, [7], 'easypay-change') // throws PRECONDITION
 */
export function assertVerifiedFor(
  call: CallFacts,
  customerIds: readonly number[],
  action: GatedAction,
): void {
  if (
    call.verificationResult !== 'passed' ||
    call.verifiedCustomerId === null ||
    !customerIds.includes(call.verifiedCustomerId)
  ) {
    throw new DomainError('PRECONDITION', msg('calls.verifyFirst'), {
      detail: { gated: action },
      fields: { callId: msg('calls.fieldNotVerified') },
    });
  }
}

/** Verification happens once per call: a second attempt after a pass is refused. */
export function assertNotYetVerified(call: CallFacts): void {
  if (call.verificationResult === 'passed') {
    throw new DomainError('CONFLICT', msg('calls.alreadyVerified'));
  }
}

export interface WrapUpInput {
  reasons: readonly string[];
  outcome: CallOutcome;
  followUpOn: IsoDate | null;
  notes: string | null;
}

/**
 * Checks a wrap-up: at least one active reason code, a follow-up date (today or later) exactly
 * when the outcome is a follow-up or a callback.
 */
export function checkWrapUp(
  input: WrapUpInput,
  activeCodes: ReadonlySet<string>,
  today: IsoDate,
): void {
  const fields: Record<string, ServerMessage> = {};
  if (input.reasons.length === 0) fields.reasons = msg('calls.pickReason');
  const unknown = input.reasons.filter((r) => !activeCodes.has(r));
  if (unknown.length > 0)
    fields.reasons = msg('calls.unknownReason', { codes: unknown.join(', ') });
  const needsDate = input.outcome === 'follow_up' || input.outcome === 'callback';
  if (needsDate && !input.followUpOn) fields.followUpOn = msg('calls.followUpNeedsDate');
  if (input.followUpOn && input.followUpOn < today) fields.followUpOn = msg('calls.followUpInPast');
  if (Object.keys(fields).length > 0)
    throw new DomainError('VALIDATION', msg('calls.wrapUpIncomplete'), { fields });
}

/**
 * Handle time = talk (start → end) + wrap-up (end → wrap-up done), in whole seconds.
 *
 * @example callTimes('2026-11-23T14:00:00Z', '2026-11-23T14:05:00Z', '2026-11-23T14:06:30Z')
 * // { talkSeconds: 300, wrapSeconds: 90, handleSeconds: 390 }
 */
export function callTimes(
  startedAt: string,
  endedAt: string,
  wrappedUpAt: string,
): { talkSeconds: number; wrapSeconds: number; handleSeconds: number } {
  const s = Date.parse(startedAt);
  const e = Math.max(s, Date.parse(endedAt));
  const w = Math.max(e, Date.parse(wrappedUpAt));
  const talkSeconds = Math.round((e - s) / 1000);
  const wrapSeconds = Math.round((w - e) / 1000);
  return { talkSeconds, wrapSeconds, handleSeconds: talkSeconds + wrapSeconds };
}
