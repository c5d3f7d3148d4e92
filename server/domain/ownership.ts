import type { Role } from '../../db/schema/platform.ts';
import { msg, type ServerMessage } from './shared/server-messages.ts';

/**
 * Who may act on a piece of work someone owns (a message thread, a mail batch, a dispute
 * case): its owner, or a supervisor / admin (issue 21). Pure: callers pass the actor and the
 * owner they loaded, and throw the returned sentence as FORBIDDEN.
 */

export interface Worker {
  id: number;
  role: Role;
}

const OVERSEERS: readonly Role[] = ['supervisor', 'admin'];

/**
 * Why `actor` may not act on work owned by `ownerId`, or null. `unowned` says what happens to
 * work nobody owns yet: 'allow' when the action itself takes it (a reply claims the thread),
 * 'refuse' when it must be claimed first.
 *
 * @example
 * ownershipBlocker({ id: 2, role: 'agent' }, 7, { what: 'thread', unowned: 'refuse' })
 * // 'Only the agent who has this thread, or a supervisor, can do this.'
 */
export function ownershipBlocker(
  actor: Worker,
  ownerId: number | null,
  opts: { what: 'thread' | 'batch'; unowned: 'allow' | 'refuse' },
): ServerMessage | null {
  if (OVERSEERS.includes(actor.role)) return null;
  if (ownerId === actor.id) return null;
  if (ownerId === null) {
    return opts.unowned === 'allow' ? null : msg(`ownership.takeFirst.${opts.what}`);
  }
  return msg(`ownership.ownerOnly.${opts.what}`);
}
