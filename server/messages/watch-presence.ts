import { randomUUID } from 'node:crypto';
import type { StaffContext } from '../trpc/base.ts';
import { presenceOf } from './presence.ts';

/**
 * Live presence on a thread: who else has it open and who is writing a reply. The caller is
 * on the board for as long as the subscription lives (its mode is part of the input).
 */
export async function* watchPresence(
  ctx: StaffContext,
  input: { threadId: number; mode: 'viewing' | 'replying' },
  signal: AbortSignal | undefined,
) {
  const board = presenceOf(ctx.deps);
  const connection = randomUUID();
  board.join(input.threadId, connection, {
    userId: ctx.user.id,
    name: ctx.user.displayName,
    mode: input.mode,
    // The app clock (the trainer's in training): the same time line as every other record.
    since: ctx.now.toISOString(),
  });
  // Listening before the first list is sent: an announcement from another instance that comes
  // while the first list is on its way is not lost (it would otherwise wait for a heartbeat).
  const changes = board.changes(input.threadId, signal);
  try {
    yield board.list(input.threadId);
    for await (const _ of changes) yield board.list(input.threadId);
  } finally {
    board.leave(input.threadId, connection);
    await changes.return?.();
  }
}
