import { setTimeout as sleep } from 'node:timers/promises';
import { isPostgres, type Db, type Trx } from './database.ts';

/** SQLSTATEs after which re-running the whole transaction is the documented remedy. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/**
 * True when `error` (or any error in its `cause` chain, e.g. a TRPCError wrapping a pg error) is
 * a PostgreSQL serialization failure, a deadlock or a forked audit chain: the transaction lost
 * a race and can be re-run.
 */
export function isSerializationFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && RETRYABLE.has(code)) return true;
    // An audit record chained to a head another transaction already extended: the snapshot
    // was stale, a re-run reads the new head (db/repositories/audit.ts).
    if (code === '23505' && constraint === 'audit_log_chain') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export interface WriteTransactionOptions {
  /** Attempts in all on PostgreSQL (default 8); SQLite runs once. */
  attempts?: number;
  /** Called before each re-run (logging). */
  onRetry?: (attempt: number, error: unknown) => void;
}

/**
 * Runs `fn` in a write transaction that behaves like SQLite's `BEGIN IMMEDIATE` on both engines:
 * the code inside may read, decide and write as if it were alone.
 *
 * - SQLite: one transaction; the write lock taken up front serialises writers.
 * - PostgreSQL: SERIALIZABLE isolation. When PostgreSQL detects that a concurrent transaction
 *   made the outcome non-serialisable (SQLSTATE 40001) or a deadlock (40P01), the whole
 *   transaction is rolled back and `fn` runs again from the start, after a short random pause
 *   (exponential, jittered), at most `attempts` times. `fn` must therefore keep no state across
 *   attempts that it does not reset itself.
 *
 * @example
 * await writeTransaction(db, async (trx) => {
 *   const row = await trx.selectFrom('mail_batches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
 *   await trx.updateTable('mail_batches').set({ status: 'posted' }).where('id', '=', row.id).execute();
 * });
 */
export async function writeTransaction<T>(
  db: Db,
  fn: (trx: Trx) => Promise<T>,
  options: WriteTransactionOptions = {},
): Promise<T> {
  if (!isPostgres(db)) return db.transaction().execute(fn);
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(fn);
    } catch (error) {
      if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      options.onRetry?.(attempt, error);
      await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
    }
  }
}
