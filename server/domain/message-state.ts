import { DomainError, msg } from './errors.ts';

/**
 * The life of a secure-message thread:
 *
 *   new ──claim/assign──▶ open ──reply──▶ waiting_on_customer ──quiet period──▶ closed
 *    ▲                      │  ╲                 │                                  ▲
 *    └──────release─────────┘   ╲──resolve──▶ resolved ──────quiet period──────────┘
 *
 * A customer message reopens any thread (to `open` when someone owns it, else `new`).
 * Pure: callers persist the state and bump the thread's version.
 */
export const THREAD_STATES = ['new', 'open', 'waiting_on_customer', 'resolved', 'closed'] as const;
export type ThreadState = (typeof THREAD_STATES)[number];

/** States that still need the centre: they are in the working queue. */
export const ACTIVE_STATES: readonly ThreadState[] = ['new', 'open', 'waiting_on_customer'];

export function isActive(state: ThreadState): boolean {
  return ACTIVE_STATES.includes(state);
}

export type ReplyThen = 'wait' | 'resolve' | 'open';

export type ThreadEvent =
  | { type: 'inbound'; assigned: boolean }
  | { type: 'claim' }
  | { type: 'assign' }
  | { type: 'release' }
  | { type: 'reply'; then: ReplyThen }
  | { type: 'note' }
  | { type: 'wait' }
  | { type: 'resolve' }
  | { type: 'close' }
  | { type: 'auto_close' }
  | { type: 'reopen' };

/** What a refused event would have done (the key of its refusal, `messages.refused.…`). */
type Refused =
  | 'claimed'
  | 'assigned'
  | 'released'
  | 'answered'
  | 'waiting'
  | 'resolved'
  | 'closedAgain'
  | 'autoClosed'
  | 'reopened';

function refuse(state: ThreadState, what: Refused): never {
  throw new DomainError(
    'CONFLICT',
    msg(`messages.refused.${what}`, { state: msg(`messages.threadState.${state}`) }),
    { detail: { state } },
  );
}

/**
 * The state after an event, or a CONFLICT DomainError when the event is not allowed.
 *
 * @example nextState('new', { type: 'claim' }) // 'open'
 * @example nextState('resolved', { type: 'inbound', assigned: true }) // 'open' (reopened)
 */
export function nextState(state: ThreadState, event: ThreadEvent): ThreadState {
  switch (event.type) {
    case 'inbound':
      return event.assigned ? 'open' : 'new';
    case 'claim':
    case 'assign':
      if (state === 'closed') refuse(state, event.type === 'claim' ? 'claimed' : 'assigned');
      return state === 'new' ? 'open' : state;
    case 'release':
      if (state === 'closed') refuse(state, 'released');
      return state === 'open' ? 'new' : state;
    case 'reply':
      if (state === 'closed') refuse(state, 'answered');
      return event.then === 'wait'
        ? 'waiting_on_customer'
        : event.then === 'resolve'
          ? 'resolved'
          : 'open';
    case 'note':
      return state;
    case 'wait':
      if (state !== 'new' && state !== 'open') refuse(state, 'waiting');
      return 'waiting_on_customer';
    case 'resolve':
      if (!isActive(state)) refuse(state, 'resolved');
      return 'resolved';
    case 'close':
      if (state === 'closed') refuse(state, 'closedAgain');
      return 'closed';
    case 'auto_close':
      if (state !== 'waiting_on_customer' && state !== 'resolved') refuse(state, 'autoClosed');
      return 'closed';
    case 'reopen':
      if (state !== 'resolved' && state !== 'closed') refuse(state, 'reopened');
      return 'open';
  }
}
