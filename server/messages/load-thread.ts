import { threadCustomerId } from '../../db/repositories/message-links.ts';
import { findThread, type MessageThread } from '../../db/repositories/messages.ts';
import type { DbOrTrx } from '../../db/database.ts';
import { DomainError, msg } from '../domain/errors.ts';

/** The NOT_FOUND domain error of a thread id that names no thread. */
export function noSuchThread(id: number): DomainError {
  return new DomainError('NOT_FOUND', msg('messages.noSuchThread', { id }));
}

/** The thread, or a NOT_FOUND domain error. */
export async function requireThread(db: DbOrTrx, id: number): Promise<MessageThread> {
  const thread = await findThread(db, id);
  if (!thread) throw noSuchThread(id);
  return thread;
}

/**
 * A hand-off links only a thread that exists and was written by one of the given customers
 * (the account holders, or the customer and whoever asked for them); anything else is a
 * VALIDATION error on `fromThreadId`, so an id typed by hand cannot attach a stranger's thread.
 */
export async function requireHandOffThread(
  db: DbOrTrx,
  threadId: number,
  customerIds: ReadonlyArray<number | null | undefined>,
): Promise<void> {
  const writer = await threadCustomerId(db, threadId);
  if (writer === undefined || !customerIds.includes(writer)) {
    throw new DomainError('VALIDATION', msg('messages.notCustomersThread'), {
      fields: { fromThreadId: msg('fields.notCustomersThread') },
    });
  }
}
