import { addCalendarDays, type IsoDate } from './dates.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * Account-takeover signals around an address change (SPEC 5). Any one of them sends the change
 * to a supervisor (maker-checker) instead of applying it at once. Pure: the router gathers the
 * history and passes it in; each flag carries the facts the supervisor queue shows as "why".
 */

export type RedFlagKind =
  | 'second-change' // another change within the window
  | 'payoff-or-title-request' // a payoff or title request close to the change
  | 'failed-then-passed' // verification failed before it passed
  | 'shared-address'; // the new address is another customer's

export interface RedFlag {
  kind: RedFlagKind;
  /** Plain-English reason, also the audit text. */
  detail: string;
  /** Facts for the UI to render in the user's language. */
  facts: Record<string, string | number>;
}

export interface RedFlagPolicy {
  redFlagWindowDays: number;
  payoffAfterChangeDays: number;
}

export interface RedFlagInput {
  /** Centre-local "today". */
  today: IsoDate;
  /** Earlier changes of the customer (not rejected), with the local date each was taken. */
  priorChanges: ReadonlyArray<{ id: number; requestedOn: IsoDate }>;
  /** Payoff and title requests of the customer, with their local dates. */
  requests: ReadonlyArray<{ id: number; kind: 'payoff' | 'title'; requestedOn: IsoDate }>;
  /** Failed verification attempts before the one that passed (within the look-back). */
  failedAttemptsBeforePass: number;
  /** Other customers whose current or future address is the new address. */
  sharedWith: ReadonlyArray<{ customerId: number; displayName: string }>;
}

/**
 * Red flags for a new change.
 *
 * @example
 * redFlagsForChange({ today: '2026-11-20', priorChanges: [{ id: 3, requestedOn: '2026-11-02' }],
 *   requests: [], failedAttemptsBeforePass: 0, sharedWith: [] }, { redFlagWindowDays: 30, payoffAfterChangeDays: 30 })
 * // [{ kind: 'second-change', detail: 'Another address change 18 days ago (#3)', ... }]
 */
export function redFlagsForChange(input: RedFlagInput, policy: RedFlagPolicy): RedFlag[] {
  const flags: RedFlag[] = [];
  const since = addCalendarDays(input.today, -policy.redFlagWindowDays);
  const recent = input.priorChanges.filter(
    (c) => c.requestedOn > since && c.requestedOn <= input.today,
  );
  const latest = recent.toSorted((a, b) => (a.requestedOn < b.requestedOn ? 1 : -1))[0];
  if (latest) {
    flags.push({
      kind: 'second-change',
      detail: `Another address change within ${policy.redFlagWindowDays} days (#${latest.id} on ${latest.requestedOn})`,
      facts: { changeId: latest.id, on: latest.requestedOn, windowDays: policy.redFlagWindowDays },
    });
  }
  const requestSince = addCalendarDays(input.today, -policy.payoffAfterChangeDays);
  const near = input.requests.filter(
    (r) => r.requestedOn > requestSince && r.requestedOn <= input.today,
  );
  const lastRequest = near.toSorted((a, b) => (a.requestedOn < b.requestedOn ? 1 : -1))[0];
  if (lastRequest) {
    flags.push({
      kind: 'payoff-or-title-request',
      detail: `A ${lastRequest.kind} request on ${lastRequest.requestedOn}, within ${policy.payoffAfterChangeDays} days of this change`,
      facts: {
        requestKind: lastRequest.kind,
        on: lastRequest.requestedOn,
        windowDays: policy.payoffAfterChangeDays,
      },
    });
  }
  if (input.failedAttemptsBeforePass > 0) {
    flags.push({
      kind: 'failed-then-passed',
      detail: `Identity verification failed ${input.failedAttemptsBeforePass} time(s) before it passed`,
      facts: { failures: input.failedAttemptsBeforePass },
    });
  }
  if (input.sharedWith.length > 0) {
    flags.push({
      kind: 'shared-address',
      detail: `The new address is also the address of ${input.sharedWith.map((s) => `${s.displayName} (#${s.customerId})`).join(', ')}`,
      facts: {
        customers: input.sharedWith.map((s) => `${s.displayName} (#${s.customerId})`).join(', '),
        count: input.sharedWith.length,
      },
    });
  }
  return flags;
}

/**
 * When a payoff or title request is recorded: the changes it makes suspicious (taken within
 * the window before it). An applied one goes back to a supervisor for review.
 *
 * @example
 * changesSuspectedByRequest('2026-11-22', [{ id: 9, requestedOn: '2026-11-20' }], { payoffAfterChangeDays: 30 })
 * // [9]
 */
export function changesSuspectedByRequest(
  requestedOn: IsoDate,
  changes: ReadonlyArray<{ id: number; requestedOn: IsoDate }>,
  policy: Pick<RedFlagPolicy, 'payoffAfterChangeDays'>,
): number[] {
  const since = addCalendarDays(requestedOn, -policy.payoffAfterChangeDays);
  return changes
    .filter((c) => c.requestedOn >= since && c.requestedOn <= requestedOn)
    .map((c) => c.id);
}

/**
 * Maker ≠ checker: the supervisor who decides a flagged change may not be the one who took it.
 * Returns why the decision is refused, or null when this supervisor may decide.
 *
 * @example checkerRefusal(7, 7, 'approve') // 'You took this change: another supervisor must approve it (maker-checker).'
 */
export function checkerRefusal(
  makerId: number | null,
  checkerId: number,
  decision: 'approve' | 'reject',
): ServerMessage | null {
  if (makerId !== checkerId) return null;
  return decision === 'approve'
    ? msg('addressChanges.makerCheckerApprove')
    : msg('addressChanges.makerCheckerDecide');
}
