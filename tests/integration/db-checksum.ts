import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../../db/database.ts';

/**
 * A logical checksum of a whole database, on either engine: per table, a SHA-256 of every row
 * in primary-key order. Two databases (or one database before and after a call) with equal
 * checksums hold the same rows with the same values, whatever their pages look like.
 *
 * - SQLite: every column `quote()`d (types and NULLs count; BLOBs as hex) in rowid order — the
 *   primary key for a WITHOUT ROWID table. Virtual tables are skipped: their shadow tables (FTS5
 *   data, index, docsize, ...) are ordinary tables and are hashed.
 * - PostgreSQL: every base table of the current schema, each row's text form (`t::text`: NULL
 *   and '' differ, generated columns included) in primary-key order, hashed by the server in ONE
 *   query (nothing but the digests crosses the wire).
 *
 * @example
 * const before = await logicalChecksum(app);
 * await expect(caller.x.y(bad)).rejects.toThrow();
 * expect(changedTables(before, await logicalChecksum(app))).toEqual([]);
 */
export interface DbChecksum {
  /** One hash over every table's hash. */
  total: string;
  /** Table name → `rows:sha256`. */
  tables: Record<string, string>;
}

/** The database to checksum: a Kysely handle, and the better-sqlite3 handle on SQLite. */
export interface ChecksumTarget {
  db: Db;
  sqlite: Database.Database | null;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function combine(rows: Iterable<[string, string]>): DbChecksum {
  const tables: Record<string, string> = {};
  const total = createHash('sha256');
  for (const [name, digest] of [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    tables[name] = digest;
    total.update(`${name}=${digest}\n`);
  }
  return { total: total.digest('hex'), tables };
}

// ------------------------------------------------------------------------------ SQLite

interface TableQuery {
  name: string;
  statement: Database.Statement;
}

const sqliteQueries = new WeakMap<Database.Database, { schema: string; tables: TableQuery[] }>();

function sqliteTableQueries(sqlite: Database.Database): TableQuery[] {
  const schema = sqlite
    .prepare("select group_concat(name || ':' || sql, ';') from sqlite_schema where type = 'table'")
    .pluck()
    .get() as string;
  const cached = sqliteQueries.get(sqlite);
  if (cached && cached.schema === schema) return cached.tables;
  const tables = sqlite
    .prepare("select name, sql from sqlite_schema where type = 'table' order by name")
    .all() as Array<{ name: string; sql: string | null }>;
  const built: TableQuery[] = [];
  for (const { name, sql: ddl } of tables) {
    if (ddl && /^\s*create\s+virtual\s+table/i.test(ddl)) continue;
    const columns = sqlite.prepare('select name, pk from pragma_table_info(?)').all(name) as Array<{
      name: string;
      pk: number;
    }>;
    const withoutRowid = !!ddl && /\)\s*(strict\s*,\s*)?without\s+rowid/i.test(ddl);
    const order = withoutRowid
      ? columns
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => ident(c.name))
          .join(', ') || '1'
      : 'rowid';
    const values = [
      ...(withoutRowid ? [] : ['quote(rowid)']),
      ...columns.map((c) => `quote(${ident(c.name)})`),
    ].join(" || ',' || ");
    built.push({
      name,
      statement: sqlite
        .prepare(
          `select count(*), group_concat(${values}, char(10) order by ${order}) from ${ident(name)}`,
        )
        .raw(),
    });
  }
  sqliteQueries.set(sqlite, { schema, tables: built });
  return built;
}

function sqliteChecksum(sqlite: Database.Database): DbChecksum {
  const out: Array<[string, string]> = [];
  for (const { name, statement } of sqliteTableQueries(sqlite)) {
    const [count, rows] = statement.get() as [number, string | null];
    out.push([
      name,
      `${count}:${createHash('sha256')
        .update(rows ?? '')
        .digest('hex')}`,
    ]);
  }
  return combine(out);
}

// -------------------------------------------------------------------------- PostgreSQL

const pgQueries = new WeakMap<Db, { schema: string; query: string }>();

/** One `union all` over every base table: (name, row count, sha256 of the ordered rows). */
async function postgresQuery(db: Db): Promise<string> {
  const tables = await sql<{ name: string; key: string | null }>`
    select c.relname as name,
      (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
         from pg_index i
         cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
        where i.indrelid = c.oid and i.indisprimary) as key
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
    where c.relkind = 'r'
    order by c.relname
  `.execute(db);
  const schema = JSON.stringify(tables.rows);
  const cached = pgQueries.get(db);
  if (cached && cached.schema === schema) return cached.query;
  const query = tables.rows
    .map(({ name, key }) => {
      const table = ident(name);
      // A table without a primary key: its rows in the order of their text form.
      const order = key ? key.replaceAll(/(^|, )/g, '$1t.') : 't::text';
      return (
        `select ${sqlLiteral(name)}::text as name, count(*)::bigint as n, ` +
        `encode(sha256(convert_to(coalesce(string_agg(t::text, E'\\n' order by ${order}), ''), 'UTF8')), 'hex') as hash ` +
        `from ${table} as t`
      );
    })
    .join('\nunion all\n');
  pgQueries.set(db, { schema, query });
  return query;
}

const sqlLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function postgresChecksum(db: Db): Promise<DbChecksum> {
  const query = await postgresQuery(db);
  const { rows } = await sql.raw<{ name: string; n: number; hash: string }>(query).execute(db);
  return combine(rows.map((r) => [r.name, `${Number(r.n)}:${r.hash}`]));
}

// ------------------------------------------------------------------------------ API

export async function logicalChecksum(target: ChecksumTarget): Promise<DbChecksum> {
  return target.sqlite ? sqliteChecksum(target.sqlite) : postgresChecksum(target.db);
}

/** Tables whose rows differ between two checksums (added or dropped tables included). */
export function changedTables(before: DbChecksum, after: DbChecksum): string[] {
  if (before.total === after.total) return [];
  const names = new Set([...Object.keys(before.tables), ...Object.keys(after.tables)]);
  return [...names].filter((n) => before.tables[n] !== after.tables[n]).sort();
}

/**
 * Rows written (inserted, updated or deleted) on this connection so far, rolled-back writes
 * included: when it has not moved, nothing can have changed, and the full checksum is skipped.
 */
export function sqliteWriteCount(sqlite: Database.Database): number {
  return sqlite.prepare('select total_changes()').pluck().get() as number;
}

/**
 * PostgreSQL has no `total_changes()` (and its statistics views are flushed lazily, cluster
 * wide): instead every statement sent on the pool's connections is classified, and one that
 * may write counts — anything but a plain read or transaction control. Conservative (a `WITH`
 * query or an `UPDATE` that matched nothing counts, a rolled-back write counts), never blind:
 * every query of the app goes through these connections. Install before the first query.
 *
 * @example
 * const writes = countStatementWrites(pool);
 * const before = writes();
 */
export function countStatementWrites(pool: pg.Pool): () => number {
  let count = 0;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
      if (typeof text !== 'string' || mayWrite(text)) count += 1;
      return query(...args);
    };
  });
  return () => count;
}

const READ_ONLY =
  /^\s*(select|begin|start\s+transaction|commit|rollback|savepoint|release|show|set\s+(local\s+)?transaction|listen|unlisten)\b/i;

function mayWrite(text: string): boolean {
  return !READ_ONLY.test(text);
}
