/** One stored first result of a mutation that carried an idempotency key (migration 0007). */
export interface IdempotencyKeysTable {
  user_id: number;
  /** The tRPC procedure path, e.g. 'mailPayments.batches.post'. */
  path: string;
  key: string;
  /** sha256 (hex) of the canonical JSON of the input without its key. */
  input_hash: string;
  /** The result as JSON; NULL when the procedure returned nothing. */
  result_json: string | null;
  created_at: string;
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
}
