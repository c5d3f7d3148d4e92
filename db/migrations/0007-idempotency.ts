import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Idempotency keys (Stripe's model): the first successful result of a mutation that carried a
 * key, per (user, procedure path, key), with a hash of the input it answered. A retry with the
 * same key and input gets this result back instead of running again; the same key with other
 * input is refused. Rows are written in the mutation's own transaction, so a rolled-back call
 * leaves none. `result_json` is NULL when the procedure returned nothing.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE idempotency_keys (
      user_id INTEGER NOT NULL REFERENCES users(id),
      path TEXT NOT NULL,
      key TEXT NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
      input_hash TEXT NOT NULL CHECK (length(input_hash) = 64),
      result_json TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (user_id, path, key)
    ) STRICT`,
    // The retention purge deletes by age.
    `CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at)`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);
}

/** The same schema on PostgreSQL (see 0001). */
const POSTGRES = [
  `CREATE TABLE idempotency_keys (
      user_id BIGINT NOT NULL REFERENCES users(id),
      path TEXT NOT NULL,
      key TEXT NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
      input_hash TEXT NOT NULL CHECK (length(input_hash) = 64),
      result_json TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (user_id, path, key)
    )`,
  `CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at)`,
];
