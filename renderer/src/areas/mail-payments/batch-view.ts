import type { RouterOutputs } from '../../trpc.ts';

/** One mail batch as the entry screen shows it (items, balance, blockers, lockbox). */
export type BatchView = RouterOutputs['mailPayments']['batches']['get'];
export type BatchItem = BatchView['items'][number];
