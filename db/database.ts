import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDialectConfig,
  type Transaction,
} from 'kysely';
import type { DB } from './schema/index.ts';

/** A Kysely handle or an open transaction: repositories take either. */
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

/**
 * SQLite's default `BEGIN` is deferred: two writers can both start reading and then one fails
 * with SQLITE_BUSY when it tries to write. `BEGIN IMMEDIATE` takes the write lock up front, so
 * `busy_timeout` applies and a write transaction either runs whole or waits its turn.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely asks better-sqlite3 to prepare every query anew; under load that was an eighth of the
 * server's CPU. The desk runs a small, fixed set of query shapes, so prepared statements are
 * kept by SQL text (bounded, least recently used dropped first). Safe because one connection
 * runs one query at a time (Kysely's SQLite driver serialises them).
 */
class StatementCache {
  readonly #sqlite: Database.Database;
  readonly #cache = new Map<string, Database.Statement>();
  readonly #max: number;
  constructor(sqlite: Database.Database, max = 1000) {
    this.#sqlite = sqlite;
    this.#max = max;
  }
  prepare(sql: string): Database.Statement {
    let statement = this.#cache.get(sql);
    if (statement) {
      this.#cache.delete(sql);
    } else {
      statement = this.#sqlite.prepare(sql);
      if (this.#cache.size >= this.#max) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    this.#cache.set(sql, statement);
    return statement;
  }
  close(): void {
    this.#cache.clear();
    this.#sqlite.close();
  }
}

export interface OpenDatabaseOptions {
  /** Milliseconds a writer waits for the lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) a SQLite file with the pragmas the desk relies on: WAL, foreign
 * keys enforced, a busy timeout, and `synchronous=NORMAL` (safe under WAL).
 *
 * @example
 * const { db, sqlite } = openDatabase(':memory:');
 * await migrateToLatest(db);
 */
export function openDatabase(
  file: string,
  options: OpenDatabaseOptions = {},
): { db: Db; sqlite: Database.Database } {
  const sqlite = new Database(file, { readonly: options.readonly ?? false });
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: new StatementCache(sqlite) }),
  });
  return { db, sqlite };
}
