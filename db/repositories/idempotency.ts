import { sql } from 'kysely';
import type { DbOrTrx } from '../database.ts';

/*
 * SQL text, not query-builder chains: a keyed mutation (every reply the thread view sends) runs
 * these three statements, and the builder costs several times the text (messages.ts).
 */

export interface StoredResult {
  inputHash: string;
  /** The first result as JSON text; null when the procedure returned nothing. */
  resultJson: string | null;
  createdAt: string;
}

export interface IdempotencyScope {
  userId: number;
  /** The tRPC procedure path, e.g. 'mailPayments.batches.post'. */
  path: string;
  key: string;
}

/** The stored first result for a (user, procedure, key), if any. */
export async function findStoredResult(
  db: DbOrTrx,
  scope: IdempotencyScope,
): Promise<StoredResult | null> {
  const {
    rows: [row],
  } = await sql<{ input_hash: string; result_json: string | null; created_at: string }>`
    select input_hash, result_json, created_at from idempotency_keys
    where user_id = ${scope.userId} and path = ${scope.path} and key = ${scope.key}
  `.execute(db);
  return row
    ? { inputHash: row.input_hash, resultJson: row.result_json, createdAt: row.created_at }
    : null;
}

/**
 * Stores the first result. Runs in the mutation's own transaction: if the mutation rolls back,
 * so does this row. A second row for the same scope violates the primary key (a concurrent
 * duplicate on a database that does not serialise writers fails instead of running twice).
 */
export async function storeResult(
  db: DbOrTrx,
  scope: IdempotencyScope,
  value: { inputHash: string; resultJson: string | null },
  at: string,
): Promise<void> {
  await sql`
    insert into idempotency_keys (user_id, path, key, input_hash, result_json, created_at)
    values (${scope.userId}, ${scope.path}, ${scope.key}, ${value.inputHash},
      ${value.resultJson}, ${at})
  `.execute(db);
}

/** Retention: forgets keys stored before `before` (ISO instant). Returns how many went. */
export async function purgeStoredResults(db: DbOrTrx, before: string): Promise<number> {
  const r = await sql`delete from idempotency_keys where created_at < ${before}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
