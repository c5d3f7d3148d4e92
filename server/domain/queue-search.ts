import { nameTokens } from './customer-search.ts';

/**
 * How the message queue's search box reads what the agent typed. Pure: the repository
 * (db/repositories/message-queue.ts) runs the plan.
 *
 * - 10 digits (spaces, # and dashes ignored): an account number;
 * - 1–9 digits: a thread number;
 * - otherwise the customer's name words (prefixes, any order); no words matches nothing.
 */
export type QueueSearch =
  | { kind: 'account'; accountNumber: string }
  | { kind: 'thread'; threadId: number }
  | { kind: 'name'; words: string[] };

/**
 * @example
 * planQueueSearch('#1042') // { kind: 'thread', threadId: 1042 }
 * planQueueSearch('trem hél') // { kind: 'name', words: ['trem', 'hél'] }
 * planQueueSearch('  ') // null (no search)
 */
export function planQueueSearch(raw: string | null | undefined): QueueSearch | null {
  const search = raw?.trim() ?? '';
  if (!search) return null;
  const digits = search.replace(/[\s#-]/g, '');
  if (/^\d{10}$/.test(digits)) return { kind: 'account', accountNumber: digits };
  if (/^\d{1,9}$/.test(digits)) return { kind: 'thread', threadId: Number(digits) };
  return { kind: 'name', words: nameTokens(search) };
}
