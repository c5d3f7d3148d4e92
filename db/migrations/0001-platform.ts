import { sql, type Kysely } from 'kysely';

/**
 * Platform tables: staff users and sessions, lender settings, business-calendar closures,
 * database metadata and the append-only, hash-chained audit log.
 * Immutable once released: later changes go in a new numbered migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE app_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT`,
    `CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('agent','supervisor','trainer','admin')),
      password_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en','fr')),
      available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0,1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      revoked_at TEXT
    ) STRICT`,
    `CREATE INDEX sessions_user ON sessions(user_id)`,
    `CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE TABLE closures (
      id INTEGER PRIMARY KEY,
      date TEXT NOT NULL UNIQUE CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by INTEGER REFERENCES users(id)
    ) STRICT`,
    `CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor_user_id INTEGER,
      actor_username TEXT,
      action TEXT NOT NULL,
      entity_type TEXT NOT NULL,
      entity_id TEXT,
      before_json TEXT,
      after_json TEXT,
      reason TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE
    ) STRICT`,
    `CREATE INDEX audit_log_entity ON audit_log(entity_type, entity_id)`,
    `CREATE INDEX audit_log_actor ON audit_log(actor_user_id, at)`,
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
