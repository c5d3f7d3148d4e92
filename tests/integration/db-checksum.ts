import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A logical checksum of a SQLite database: per table, a SHA-256 of every row (every column
 * `quote()`d, so types and NULLs count; BLOBs as hex) in rowid order — the primary key for a
 * WITHOUT ROWID table. Virtual tables are skipped: their shadow tables (FTS5 data, index,
 * docsize, ...) are ordinary tables and are hashed. Two databases with equal checksums hold
 * the same rows with the same values, whatever their pages look like.
 *
 * @example
 * const before = logicalChecksum(sqlite);
 * await expect(caller.x.y(bad)).rejects.toThrow();
 * expect(changedTables(before, logicalChecksum(sqlite))).toEqual([]);
 */
export interface DbChecksum {
  /** One hash over every table's hash. */
  total: string;
  /** Table name → `rows:sha256`. */
  tables: Record<string, string>;
}

interface TableQuery {
  name: string;
  statement: Database.Statement;
}

const queries = new WeakMap<Database.Database, { schema: string; tables: TableQuery[] }>();

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function tableQueries(sqlite: Database.Database): TableQuery[] {
  const schema = sqlite
    .prepare("select group_concat(name || ':' || sql, ';') from sqlite_schema where type = 'table'")
    .pluck()
    .get() as string;
  const cached = queries.get(sqlite);
  if (cached && cached.schema === schema) return cached.tables;
  const tables = sqlite
    .prepare("select name, sql from sqlite_schema where type = 'table' order by name")
    .all() as Array<{ name: string; sql: string | null }>;
  const built: TableQuery[] = [];
  for (const { name, sql } of tables) {
    if (sql && /^\s*create\s+virtual\s+table/i.test(sql)) continue;
    const columns = sqlite.prepare('select name, pk from pragma_table_info(?)').all(name) as Array<{
      name: string;
      pk: number;
    }>;
    const withoutRowid = !!sql && /\)\s*(strict\s*,\s*)?without\s+rowid/i.test(sql);
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
  queries.set(sqlite, { schema, tables: built });
  return built;
}

export function logicalChecksum(sqlite: Database.Database): DbChecksum {
  const tables: Record<string, string> = {};
  const total = createHash('sha256');
  for (const { name, statement } of tableQueries(sqlite)) {
    const [count, rows] = statement.get() as [number, string | null];
    const digest = `${count}:${createHash('sha256')
      .update(rows ?? '')
      .digest('hex')}`;
    tables[name] = digest;
    total.update(`${name}=${digest}\n`);
  }
  return { total: total.digest('hex'), tables };
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
export function writeCount(sqlite: Database.Database): number {
  return sqlite.prepare('select total_changes()').pluck().get() as number;
}
