import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Two-step sign-in (TOTP, RFC 6238):
 *  - user_mfa: one row per user who started or finished enrolment. The shared secret is stored
 *    encrypted (AES-256-GCM, key outside the database); `enabled_at` is NULL until the user
 *    confirmed a code; `last_used_step` is the newest 30-second step accepted, so a code can
 *    never be used twice.
 *  - mfa_pending_sign_ins: the half-way state after a right password and before the code (or the
 *    forced enrolment). Its token sits in the session cookie but it is NOT a session: nothing but
 *    the second step accepts it, and it expires after a few minutes.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE user_mfa (
      user_id INTEGER PRIMARY KEY REFERENCES users(id),
      secret_enc TEXT NOT NULL,
      enabled_at TEXT,
      last_used_step INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE TABLE mfa_pending_sign_ins (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      stage TEXT NOT NULL CHECK (stage IN ('verify','enrol')),
      created_at TEXT NOT NULL,
      closed_at TEXT
    ) STRICT`,
    `CREATE INDEX mfa_pending_sign_ins_user ON mfa_pending_sign_ins(user_id)`,
  ];
  // Same test as isPostgres() in db/database.ts (migrations import no app code).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const statement of postgres ? POSTGRES : statements) await sql.raw(statement).execute(db);
}

/** The same schema on PostgreSQL (see 0001). */
const POSTGRES = [
  `CREATE TABLE user_mfa (
      user_id BIGINT PRIMARY KEY REFERENCES users(id),
      secret_enc TEXT NOT NULL,
      enabled_at TEXT,
      last_used_step BIGINT NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  `CREATE TABLE mfa_pending_sign_ins (
      token_hash TEXT PRIMARY KEY,
      user_id BIGINT NOT NULL REFERENCES users(id),
      stage TEXT NOT NULL CHECK (stage IN ('verify','enrol')),
      created_at TEXT NOT NULL,
      closed_at TEXT
    )`,
  `CREATE INDEX mfa_pending_sign_ins_user ON mfa_pending_sign_ins(user_id)`,
];
