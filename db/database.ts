import Database from 'better-sqlite3';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
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

  /**
   * After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, a failed COMMIT) SQLite has
   * already rolled the transaction back itself; the ROLLBACK Kysely then sends would fail with
   * "cannot rollback - no transaction is active" and hide the real cause (a full disk) from the
   * caller and the log. Nothing is left to undo then, so that one error is dropped.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (/no transaction is active/.test((error as Error).message)) return;
      throw error;
    }
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
 * keys enforced, a busy timeout, and `synchronous=FULL` (NORMAL under WAL can lose the last
 * commits on power loss; a posted ledger line that was acknowledged must survive).
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
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: new StatementCache(sqlite) }),
  });
  return { db, sqlite };
}

/** The two engines the desk runs on: embedded SQLite (default) and a central PostgreSQL. */
export type DialectName = 'sqlite' | 'postgres';

/** Any Kysely handle or transaction, whatever its table types. */
type AnyHandle = Pick<Kysely<unknown>, 'getExecutor'>;

/**
 * Which engine a handle (or a transaction opened from it) talks to. Dialect branches live only
 * inside db/ (migrations and repositories); everything above them is engine-neutral.
 *
 * @example
 * const like = isPostgres(db) ? 'ilike' : 'like'; // SQLite's LIKE already ignores ASCII case
 */
export function dialectOf(db: AnyHandle): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgres(db: AnyHandle): boolean {
  return dialectOf(db) === 'postgres';
}

/** True for a `postgres://` / `postgresql://` connection string (CIC_DATABASE_URL). */
export function isPostgresUrl(url: string | undefined | null): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Values come back from PostgreSQL as they do from SQLite: ids, cents and `count(*)` (int8) and
 * `sum(...)` (numeric) as JS numbers rather than strings. Safe: cents and ids stay far below
 * 2^53. Set per pool, so other pg users in the process keep the driver's defaults.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid);
  },
} as pg.CustomTypesConfig;

export interface OpenPostgresOptions {
  /** Pool size (connections this server instance keeps at most). */
  max?: number;
}

/**
 * Opens a pool on a central PostgreSQL database (`CIC_DATABASE_URL=postgres://...`). Schema,
 * dates (ISO text), flags (0/1 integers) and money (integer cents, BIGINT) look exactly as on
 * SQLite to the repositories.
 *
 * @example
 * const { db } = openPostgres('postgres://cic@db.internal/cic');
 * await migrateToLatest(db);
 */
export function openPostgres(
  url: string,
  options: OpenPostgresOptions = {},
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: pgTypes });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
