import type { DbOrTrx } from '../database.ts';

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
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['input_hash', 'result_json', 'created_at'])
    .where('user_id', '=', scope.userId)
    .where('path', '=', scope.path)
    .where('key', '=', scope.key)
    .executeTakeFirst();
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
  await db
    .insertInto('idempotency_keys')
    .values({
      user_id: scope.userId,
      path: scope.path,
      key: scope.key,
      input_hash: value.inputHash,
      result_json: value.resultJson,
      created_at: at,
    })
    .execute();
}

/** Retention: forgets keys stored before `before` (ISO instant). Returns how many went. */
export async function purgeStoredResults(db: DbOrTrx, before: string): Promise<number> {
  const r = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
