import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
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
 * Session-level advisory lock that queues PostgreSQL's write transactions (any 64-bit key, not
 * the audit chain's own: db/repositories/audit.ts).
 */
const WRITE_QUEUE_LOCK = 0x0c1c_0a11;

/** The tail of each pool's in-process queue of write transactions. */
const localQueues = new WeakMap<Db, Promise<void>>();

/**
 * Runs `run` after every earlier call for the same pool has finished (FIFO). Mutations waiting
 * for the write-queue lock then wait here, in this process, instead of each holding one of the
 * pool's few connections idle while reads queue for a connection.
 */
async function inProcessQueue<T>(db: Db, run: () => Promise<T>): Promise<T> {
  const previous = localQueues.get(db) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => (release = resolve));
  localQueues.set(
    db,
    previous.then(() => mine),
  );
  await previous;
  try {
    return await run();
  } finally {
    release();
  }
}

/**
 * Runs `fn` in a write transaction that behaves like SQLite's `BEGIN IMMEDIATE` on both engines:
 * the code inside may read, decide and write as if it were alone.
 *
 * - SQLite: one transaction; the write lock taken up front serialises writers.
 * - PostgreSQL: SERIALIZABLE isolation, entered only once the connection holds the write-queue
 *   lock, so these transactions run one after another, each with a snapshot taken after its
 *   predecessor committed. Why queue them: every mutation appends to the one hash-chained audit
 *   log, reading its head (db/repositories/audit.ts). A SERIALIZABLE snapshot is fixed at the
 *   transaction's first statement, so a mutation that overlapped another one's commit always
 *   read a stale head and was cancelled (40001, or 23505 on audit_log_chain): under load every
 *   commit cancelled every mutation in flight, and some lost all their attempts. The lock is
 *   taken with `pg_advisory_lock` BEFORE `BEGIN` (a lock taken inside would come after the
 *   snapshot) and released after COMMIT/ROLLBACK; it only ever waits for another holder that
 *   already runs, never for a row lock, so it adds no deadlock. Reads outside mutations and
 *   READ COMMITTED background writers (portal intake, sweeps) do not take it. Within one
 *   process the transactions queue in memory first (one connection at a time asks for the lock).
 * - Still, when PostgreSQL detects that a concurrent transaction (a background writer) made the
 *   outcome non-serialisable (SQLSTATE 40001) or a deadlock (40P01), the whole transaction is
 *   rolled back and `fn` runs again from the start, after a short random pause (exponential,
 *   jittered), at most `attempts` times. `fn` must therefore keep no state across attempts that
 *   it does not reset itself.
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
      return await inProcessQueue(db, () =>
        db.connection().execute(async (conn) => {
          await sql`select pg_advisory_lock(${WRITE_QUEUE_LOCK})`.execute(conn);
          try {
            return await conn.transaction().setIsolationLevel('serializable').execute(fn);
          } finally {
            await sql`select pg_advisory_unlock(${WRITE_QUEUE_LOCK})`.execute(conn);
          }
        }),
      );
    } catch (error) {
      if (attempt >= attempts || !isSerializationFailure(error)) throw error;
      options.onRetry?.(attempt, error);
      await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
    }
  }
}
